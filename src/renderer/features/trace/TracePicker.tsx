import { useId } from 'react';
import type { TraceSummary } from '../../../shared/contract.ts';
import { useAppActions, useAppState } from '../../state/app-context.tsx';
import { formatMs } from './trace-format.ts';

const LATEST = '';
const QUERY_CHARS = 48;

/** Any earlier turn of this session, newest first; the first entry follows the latest turn. */
export function TracePicker({ shownId }: { shownId: string | null }) {
  const selectId = useId();
  const summaries = useAppState((s) => s.traceSummaries);
  const selectedId = useAppState((s) => s.selectedTraceId);
  const { showTrace } = useAppActions();
  // A picked turn the list does not hold (older than its limit) still needs an option to show.
  const listed = selectedId === null || summaries.some((summary) => summary.id === selectedId);

  return (
    <div className="field trace-picker">
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
            {pickerLabel(summary)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** `10:42:07 · How tall is the Eiffel Tower… · 1240 ms · cache`. */
export function pickerLabel(summary: TraceSummary): string {
  const time = new Date(summary.startedAt).toLocaleTimeString();
  const query = summary.query.length > QUERY_CHARS ? `${summary.query.slice(0, QUERY_CHARS - 1)}…` : summary.query;
  const parts = [time, query || '(empty question)', formatMs(summary.totalMs)];
  if (summary.cacheHit) parts.push('from cache');
  return parts.join(' · ');
}
