import { describe, expect, it } from 'vitest';
import type { TurnTrace } from '../../../shared/trace.ts';
import type { AppStore } from '../../state/app-store.ts';
import { renderHtml } from '../../testing/render-html.ts';
import { sampleCachedTrace, sampleTrace, summaryOf } from '../../testing/trace-fixtures.ts';
import { TracePanel } from './TracePanel.tsx';
import { MIN_BAR_WIDTH } from './waterfall.ts';

const renderWith = (trace: TurnTrace | null, prepare: (store: AppStore) => void = () => {}) =>
  renderHtml(<TracePanel />, (store) => {
    if (trace) {
      store.getState().storeTrace(trace);
      store.getState().selectTrace(trace.id);
    }
    prepare(store);
  });

type Row = { name: string; status: string; bar: { x: number; width: number } | null; duration: string };

function rowsOf(html: string): Row[] {
  return [...html.matchAll(/<li data-testid="trace-row"[\s\S]*?<\/li>/g)].map(([row]) => {
    const bar = row.match(/<rect class="bar" x="([\d.]+)" y="0" width="([\d.]+)"/);
    return {
      name: row.match(/class="trace-row-name">([^<]+)</)![1]!,
      status: row.match(/data-testid="trace-status">([^<]+)</)![1]!,
      bar: bar ? { x: Number(bar[1]), width: Number(bar[2]) } : null,
      duration: row.match(/class="trace-row-duration">([^<]+)/)![1]!,
    };
  });
}

describe('TracePanel', () => {
  it('draws the waterfall with bars placed by offsets, statuses and durations', () => {
    const html = renderWith(sampleTrace());
    expect(html).toMatch(/<section class="panel trace-panel" aria-labelledby="([^"]+)"><h2 id="\1">Trace<\/h2>/);
    expect(rowsOf(html)).toEqual([
      { name: 'Cache', status: 'miss', bar: { x: 0, width: MIN_BAR_WIDTH }, duration: '3 ms' },
      { name: 'Routing', status: 'done', bar: { x: 1.45, width: 101.13 }, duration: '209 ms' },
      { name: 'units', status: 'success', bar: { x: 103.55, width: MIN_BAR_WIDTH }, duration: '5 ms' },
      { name: 'general', status: 'success', bar: { x: 103.55, width: 390 }, duration: '806 ms' },
      { name: 'wikipedia', status: 'timeout', bar: { x: 103.55, width: 435.48 }, duration: '900 ms' },
      { name: 'Aggregation', status: 'done', bar: { x: 539.03, width: 60.97 }, duration: '126 ms' },
    ]);
    // Bars are SVG geometry; the CSP would block any inline style.
    expect(html).not.toContain('style=');
    expect(html).toContain('<li data-testid="trace-row" class="trace-row tone-timeout">');
    expect(html).toContain('<span class="muted trace-row-detail">http</span>');
    expect(html).toContain('<span class="trace-row-error">No answer within 900 ms</span>');
    expect(html).toContain('data-testid="trace-total">total 1240 ms<');
    expect(html).not.toContain('from cache');
  });

  it('shows the aggregation: strategy, weights, the conflict, provenance, quality and turn errors', () => {
    const html = renderWith(sampleTrace());
    expect(html).toContain('data-testid="aggregation-strategy">Extractive synthesis (no LLM)<');
    expect(html).toContain('data-testid="aggregation-quality">0.78<');
    expect(html).toMatch(/data-testid="aggregation-weight"><span class="chunk-agent">units<\/span> 0.57 <span class="muted">\(57%\)/);
    expect(html).toMatch(/data-testid="aggregation-weight"><span class="chunk-agent">general<\/span> 0.43/);

    const conflict = html.match(/<li data-testid="trace-conflict"[\s\S]*?Resolved to[\s\S]*?<\/li>/)![0];
    expect(conflict).toContain('<strong>Numbers</strong>');
    expect(conflict).toContain('differ between units and general');
    expect(conflict).toContain('<span class="chunk-agent">units</span> said “1083”');
    expect(conflict).toContain('<span class="chunk-agent">general</span> said “1063”');
    expect(conflict).toContain('Resolved to “<strong>1083</strong>” <span class="muted">(weight 0.57 vs 0.43)</span>');

    const provenance = [...html.matchAll(/<li data-testid="trace-provenance">([\s\S]*?)<\/li>/g)].map((m) => m[1]);
    expect(provenance).toHaveLength(2);
    expect(provenance[0]).toContain('The Eiffel Tower is 1083 feet tall.');
    expect(provenance[0]).toContain('<span class="badge badge-agent">units</span><span class="badge badge-agent">general</span>');
    expect(provenance[1]).toContain('<span class="badge badge-agent">general</span>');

    expect(html).toContain('data-testid="trace-errors"');
    expect(html).toContain('<li>wikipedia: No answer within 900 ms</li>');
  });

  it('marks a cache hit and shows the skipped steps without bars', () => {
    const html = renderWith(sampleCachedTrace());
    expect(html).toContain('<span class="badge badge-cache">from cache</span>');
    expect(rowsOf(html)).toEqual([
      { name: 'Cache', status: 'hit', bar: { x: 0, width: 600 }, duration: '4 ms' },
      { name: 'Routing', status: 'skipped (cache hit)', bar: null, duration: '—' },
      { name: 'Aggregation', status: 'skipped (cache hit)', bar: null, duration: '—' },
    ]);
    expect(html).not.toContain('data-testid="aggregation-strategy"');
  });

  it('lists past turns of the session newest first in the picker', () => {
    const older = sampleTrace({ id: 'older', query: 'What is 2 + 2?', startedAt: 1_700_000_000_000, totalMs: 12 });
    const newer = sampleCachedTrace();
    const html = renderWith(null, (store) =>
      store.getState().receiveTraceSummaries([summaryOf(older), summaryOf(newer)]),
    );
    expect(html).toMatch(/<label for="([^"]+)">Past turns<\/label><select id="\1">/);
    const turnSelect = html.split('Past turns</label>')[1]!.split('</select>')[0]!;
    const options = [...turnSelect.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options.map(([value]) => value)).toEqual(['', 'turn-eiffel-again', 'older']);
    expect(options[1]![1]).toMatch(/ · How tall is the Eiffel Tower in feet\? · 4 ms · from cache$/);
    expect(options[2]![1]).toMatch(/ · What is 2 \+ 2\? · 12 ms$/);
    // Following the latest: the newest listed turn, fetched when it is not at hand.
    expect(html).toContain('Loading the trace…');
  });

  it('offers every session and older pages, dating the turns of all sessions', () => {
    const older = sampleTrace({ id: 'older', sessionId: 'yesterday', query: 'What is 2 + 2?', startedAt: 1_700_000_000_000, totalMs: 12 });
    const html = renderWith(null, (store) => {
      store.getState().setTraceScope('all');
      store.getState().receiveTraceSummaries([summaryOf(older)], true);
    });
    expect(html).toMatch(/<label for="([^"]+)">From<\/label><select id="\1">/);
    expect(html).toContain('<option value="all" selected="">All sessions</option>');
    const label = html.split('Past turns</label>')[1]!.match(/<option value="older"[^>]*>([^<]*)</)![1]!;
    expect(label).toContain(new Date(1_700_000_000_000).toLocaleDateString());
    expect(html).toMatch(/<button type="button" class="trace-older">Older turns<\/button>/);
  });

  it('says why a picked trace could not be fetched', () => {
    const html = renderWith(null, (store) => {
      store.getState().selectTrace('gone');
      store.getState().setTraceLoadError({ id: 'gone', message: 'No trace with id gone' });
    });
    expect(html).toContain('role="alert"');
    expect(html).toContain('Could not load this turn&#x27;s trace: No trace with id gone');
    expect(html).toContain('<option value="gone" selected="">Picked turn</option>');
  });

  it('shows the agent that answered, its handoffs and its tool calls with arguments and results', () => {
    const trace = sampleTrace({
      conversation: {
        scenario: 'front_desk',
        agent: 'timekeeper',
        engine: 'llm',
        handoffs: [{ from: 'concierge', to: 'timekeeper', type: 'announced', via: 'tool', tool: 'transfer_to_timekeeper', reason: 'the time in Tokyo', atMs: 40 }],
        tools: [
          { callId: 'c1', name: 'current_time', agent: 'timekeeper', arguments: '{"place":"Tokyo"}', ok: true, result: '10:00 (Asia/Tokyo)', error: null, startAtMs: 50, endAtMs: 62 },
          { callId: 'c2', name: 'calculate', agent: 'timekeeper', arguments: '{}', ok: false, result: 'error: invalid', error: 'invalid arguments', startAtMs: 50, endAtMs: 51 },
        ],
      },
    });
    const html = renderWith(trace);
    expect(html).toContain('Answered by <strong>timekeeper</strong> (with its model) in scenario front_desk');
    expect(html).toMatch(/concierge → timekeeper, announced, by the tool transfer_to_timekeeper/);
    const rows = [...html.matchAll(/<tr data-testid="trace-tool-call"[\s\S]*?<\/tr>/g)].map(([row]) => row.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|'));
    expect(rows).toEqual(['|current_time|{&quot;place&quot;:&quot;Tokyo&quot;}|10:00 (Asia/Tokyo)|12 ms|', '|calculate|{}|failed: invalid arguments|1 ms|']);
  });
});
