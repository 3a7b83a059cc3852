import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { CallsPanel } from '../features/calls/CallsPanel.tsx';
import { RoutingPanel } from '../features/routing/RoutingPanel.tsx';
import { TracePanel } from '../features/trace/TracePanel.tsx';
import { useLayout } from '../state/app-context.tsx';
import { INSPECTOR_ID } from './AppHeader.tsx';
import { PanelErrorBoundary } from './PanelErrorBoundary.tsx';

/**
 * Beside the conversation: how the shown turn was routed and what ran (the trace), and the phone
 * calls. Opened from the
 * header or from a turn's "Inspect"; Escape or Close shuts it and gives the focus back.
 */
export function Inspector() {
  const headingId = useId();
  const open = useLayout((s) => s.inspectorOpen);
  const setOpen = useLayout((s) => s.setInspectorOpen);
  const ref = useRef<HTMLElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    if (!open) return;
    returnFocus.current = document.activeElement;
    ref.current?.focus({ preventScroll: true });
    return () => {
      const previous = returnFocus.current;
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, [open]);

  const close = () => setOpen(false);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    close();
  };

  return (
    <aside id={INSPECTOR_ID} ref={ref} className="inspector" aria-labelledby={headingId} hidden={!open} tabIndex={-1} onKeyDown={onKeyDown} data-testid="inspector">
      <div className="inspector-heading">
        <h2 id={headingId}>Inspector</h2>
        <button type="button" onClick={close} aria-label="Close the inspector">
          Close
        </button>
      </div>
      <PanelErrorBoundary title="Routing">
        <RoutingPanel />
      </PanelErrorBoundary>
      <PanelErrorBoundary title="Trace">
        <TracePanel />
      </PanelErrorBoundary>
      <PanelErrorBoundary title="Calls">
        <CallsPanel />
      </PanelErrorBoundary>
    </aside>
  );
}
