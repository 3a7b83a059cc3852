import { useId } from 'react';
import type { TurnTrace } from '../../../shared/trace.ts';
import { formatMs } from './trace-format.ts';
import { WATERFALL_WIDTH, barGeometry, turnTimeline, type WaterfallRow } from './waterfall.ts';

// Bars are SVG geometry (x/width attributes): the CSP blocks inline style attributes, so a bar
// cannot be sized with CSS from data.
const BAR_HEIGHT = 12;

export function Waterfall({ trace }: { trace: TurnTrace }) {
  const headingId = useId();
  const { rows, totalMs } = turnTimeline(trace);
  return (
    <div className="waterfall">
      <h3 id={headingId}>Waterfall</h3>
      <ol className="waterfall-rows" aria-labelledby={headingId}>
        {rows.map((row) => (
          <WaterfallItem key={row.key} row={row} totalMs={totalMs} />
        ))}
      </ol>
      <p className="waterfall-scale muted" aria-hidden="true">
        <span>0 ms</span>
        <span>{formatMs(totalMs)}</span>
      </p>
    </div>
  );
}

function WaterfallItem({ row, totalMs }: { row: WaterfallRow; totalMs: number }) {
  const hasBar = row.startAtMs !== null && row.endAtMs !== null;
  const bar = hasBar ? barGeometry(row.startAtMs!, row.endAtMs!, totalMs) : null;
  const durationMs = hasBar ? Math.max(0, row.endAtMs! - row.startAtMs!) : null;
  return (
    <li data-testid="trace-row" className={`trace-row tone-${row.tone}`}>
      <div className="trace-row-label">
        <span className="trace-row-name">{row.name}</span>
        {row.detail && <span className="muted trace-row-detail">{row.detail}</span>}
        <span className={`status status-${row.tone}`} data-testid="trace-status">
          {row.status}
        </span>
      </div>
      <svg
        className="trace-bar"
        viewBox={`0 0 ${WATERFALL_WIDTH} ${BAR_HEIGHT}`}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        <rect className="bar-track" x={0} y={0} width={WATERFALL_WIDTH} height={BAR_HEIGHT} rx={2} />
        {bar && <rect className="bar" x={bar.x} y={0} width={bar.width} height={BAR_HEIGHT} rx={2} />}
      </svg>
      <span className="trace-row-duration">
        {durationMs === null ? '—' : formatMs(durationMs)}
        {hasBar && <span className="visually-hidden"> from {formatMs(row.startAtMs!)}</span>}
      </span>
      {(row.facts.length > 0 || row.error) && (
        <p className="trace-row-more">
          {row.facts.length > 0 && <span className="muted">{row.facts.join(' · ')}</span>}
          {row.error && <span className="trace-row-error">{row.error}</span>}
        </p>
      )}
    </li>
  );
}
