import { describe, expect, it } from 'vitest';
import type { TurnTrace } from '../../../shared/trace.ts';
import { renderHtml } from '../../testing/render-html.ts';
import { sampleCachedTrace, sampleTrace } from '../../testing/trace-fixtures.ts';
import { RoutingPanel } from './RoutingPanel.tsx';

const renderWith = (trace: TurnTrace | null, selected: string | null = trace?.id ?? null) =>
  renderHtml(<RoutingPanel />, (store) => {
    if (trace) store.getState().storeTrace(trace);
    store.getState().selectTrace(selected);
  });

describe('RoutingPanel', () => {
  it('is a region named Routing that waits for the first answer', () => {
    const html = renderWith(null);
    expect(html).toMatch(/<section class="panel routing-panel" aria-labelledby="([^"]+)"><h2 id="\1">Routing<\/h2>/);
    expect(html).toContain('No question answered yet.');
  });

  it('shows the strategy, the candidates best first, the explanation and the cache miss', () => {
    const html = renderWith(sampleTrace());
    expect(html).toContain('<span data-testid="route-strategy">Hybrid</span>');
    expect(html).toContain('embedding similarity combined with the LLM classifier');
    expect(html).toContain('data-testid="route-cache">miss (best similarity 0.41)<');
    expect(html).toContain(`data-testid="route-explanation">${sampleTrace().routing!.explanation}<`);
    expect(html).toContain('<caption');
    const rows = [...html.matchAll(/<tr data-testid="route-candidate"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((cell) => cell[1]),
    );
    expect(rows).toEqual([
      ['units', '0.81', '0.90', '0.86', 'yes'],
      ['general', '0.55', '0.70', '0.64', 'yes'],
      ['wikipedia', '0.62', '—', '0.62', 'yes'],
      ['clock', '0.08', '0.02', '0.04', 'no'],
    ]);
    expect(html).toContain('<tr data-testid="route-candidate" class="candidate-selected">');
    expect(html).not.toContain('route-error');
  });

  it('says a cache hit was not routed', () => {
    const html = renderWith(sampleCachedTrace({ cache: { ...sampleCachedTrace().cache, note: 'kept for 24 h' } }));
    expect(html).toContain('data-testid="route-strategy">Not routed: answered from the cache<');
    expect(html).toContain('hit (similarity 0.97)<span class="badge badge-cache">from cache</span>');
    expect(html).toContain('<dt>Cache note</dt><dd>kept for 24 h</dd>');
    expect(html).not.toContain('route-candidate');
  });

  it('shows a routing error and the fallback strategy', () => {
    const trace = sampleTrace();
    const html = renderWith({
      ...trace,
      routing: { ...trace.routing!, strategy: 'fallback', error: 'classifier timed out after 800 ms' },
    });
    expect(html).toContain('<span data-testid="route-strategy">Fallback</span>');
    expect(html).toContain('data-testid="route-error">Routing problem: classifier timed out after 800 ms<');
  });

  it('says the picked trace is loading until it arrives', () => {
    expect(renderWith(null, 'old-1')).toContain('Loading the trace…');
  });
});
