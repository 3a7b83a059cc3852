import { useId, useState } from 'react';
import type { TraceSummary } from '../../../shared/contract.ts';
import { useAppActions, useAppState } from '../../state/app-context.tsx';
import type { TraceScope } from '../../state/app-store.ts';
import { formatMs } from './trace-format.ts';

const LATEST = '';
const QUERY_CHARS = 48;

/**
 * Any earlier turn in the store, newest first, of this session or of all; the first entry follows
 * the latest turn. Older turns come a page at a time.
 */
export function TracePicker({ shownId }: { shownId: string | null }) {
  const selectId = useId();
  const scopeId = useId();
  const summaries = useAppState((s) => s.traceSummaries);
  const selectedId = useAppState((s) => s.selectedTraceId);
  const scope = useAppState((s) => s.traceScope);
  const olderExist = useAppState((s) => s.olderTracesExist);
  const { showTrace, setTraceScope, loadOlderTraces } = useAppActions();
  const [loadingOlder, setLoadingOlder] = useState(false);
  // A picked turn the list does not hold (older than its limit) still needs an option to show.
  const listed = selectedId === null || summaries.some((summary) => summary.id === selectedId);

  async function showOlder() {
    setLoadingOlder(true);
    await loadOlderTraces();
    setLoadingOlder(false);
  }

  return (
    <div className="trace-picker">
      <div className="field trace-scope">
        <label htmlFor={scopeId}>From</label>
        <select id={scopeId} value={scope} onChange={(e) => void setTraceScope(e.target.value as TraceScope)}>
          <option value="session">This session</option>
          <option value="all">All sessions</option>
        </select>
      </div>
      <div className="field trace-turn">
        <label htmlFor={selectId}>Past turns</label>
        <select
          id={selectId}
          value={selectedId ?? LATEST}
          onChange={(e) => void showTrace(e.target.value === LATEST ? null : e.target.value)}
          disabled={summaries.length === 0 && selectedId === null}
        >
          <option value={LATEST}>Latest turn{shownId === null ? '' : ' (follows new answers)'}</option>
          {!listed && <option value={selectedId}>Picked turn</option>}
          {summaries.map((summary) => (
            <option key={summary.id} value={summary.id}>
              {pickerLabel(summary, scope === 'all')}
            </option>
          ))}
        </select>
      </div>
      {olderExist && (
        <button type="button" className="trace-older" onClick={() => void showOlder()} disabled={loadingOlder}>
          {loadingOlder ? 'Loading…' : 'Older turns'}
        </button>
      )}
    </div>
  );
}

/** `10:42:07 · How tall is the Eiffel Tower… · 1240 ms · cache`; with `withDate`, the date too. */
export function pickerLabel(summary: TraceSummary, withDate = false): string {
  const started = new Date(summary.startedAt);
  const time = withDate ? started.toLocaleString() : started.toLocaleTimeString();
  const query = summary.query.length > QUERY_CHARS ? `${summary.query.slice(0, QUERY_CHARS - 1)}…` : summary.query;
  const parts = [time, query || '(empty question)', formatMs(summary.totalMs)];
  if (summary.cacheHit) parts.push('from cache');
  return parts.join(' · ');
}
