import { describe, expect, it } from 'vitest';
import type { AppStore } from '../../state/app-store.ts';
import { renderHtml } from '../../testing/render-html.ts';
import { sampleCachedTrace, sampleChunk, sampleTrace } from '../../testing/trace-fixtures.ts';
import { sampleSession, sampleStatus } from '../../testing/fixtures.ts';
import { ConversationPanel } from './ConversationPanel.tsx';

const render = (prepare: (store: AppStore) => void = () => {}) =>
  renderHtml(<ConversationPanel />, (store) => {
    store.getState().setCurrentSession(sampleSession({ id: 'mine' }));
    prepare(store);
  });

const turnsOf = (html: string) => html.match(/<li data-testid="turn"[\s\S]*?<\/li>(?=<li data-testid="turn"|<\/ol>)/g) ?? [];

describe('ConversationPanel', () => {
  it('offers the question box before anything was asked', () => {
    const html = render();
    expect(html).toMatch(/<label for="([^"]+)">Ask the assistant<\/label>[\s\S]*<input id="\1"/);
    expect(html).toMatch(/<button type="submit" class="primary">Ask<\/button>/);
    expect(html).toContain('tabindex="0" hidden=""');
    // The question box works before the connection does; only talking waits for the session.
    const askForm = html.slice(html.lastIndexOf('<form'));
    expect(askForm).toContain('Ask the assistant');
    expect(askForm).not.toContain('disabled');
  });

  it('shows a running turn with its partial answers and Thinking…', () => {
    const html = render((store) => {
      const app = store.getState();
      app.beginTurn('How tall is the Eiffel Tower in feet?');
      app.receiveChunk(sampleChunk({ agent: 'units', text: '1083 feet' }));
      app.receiveChunk(sampleChunk({ agent: 'general', text: 'About 1063 feet' }));
    });
    const [turn] = turnsOf(html);
    expect(turn).toContain('data-status="asking"');
    expect(turn).toContain('aria-busy="true"');
    expect(turn).toContain('How tall is the Eiffel Tower in feet?');
    expect(turn).toContain(
      '<li data-testid="partial-chunk" class="chunk"><span class="chunk-agent">units</span><span class="badge badge-partial">partial</span><span class="chunk-text">1083 feet</span></li>',
    );
    expect(turn).toContain('<span class="chunk-agent">general</span>');
    expect(turn).toContain('Thinking…');
    expect(turn).not.toContain('data-testid="answer"');
    expect(turn).not.toContain('>Inspect<');
  });

  it('shows answers, the cache badge, the shown turn and a failed turn', () => {
    const html = render((store) => {
      const app = store.getState();
      const first = app.beginTurn('How tall is the Eiffel Tower in feet?');
      const trace = sampleTrace();
      app.finishTurn(first, { turnId: trace.id, answer: trace.answer, trace });
      const second = app.beginTurn('How tall is the Eiffel Tower in feet?');
      const cached = sampleCachedTrace();
      app.finishTurn(second, { turnId: cached.id, answer: cached.answer, trace: cached });
      const third = app.beginTurn('');
      app.failTurn(third, 'The connection to the assistant dropped before it replied.');
    });
    const [first, second, third] = turnsOf(html);

    expect(first).toContain('data-status="answered"');
    expect(first).toContain(`<p data-testid="answer">${sampleTrace().answer}</p>`);
    expect(first).not.toContain('from cache');
    expect(first).toMatch(/<button type="button" tabindex="-1" data-inspect="" aria-label="Inspect the answer to: [^"]+">Inspect<\/button>/);
    expect(first).not.toContain('aria-current');

    // The newest answered turn is the one the panels follow.
    expect(second).toContain('turn-shown');
    expect(second).toContain('<span class="badge badge-cache">from cache</span>');
    expect(second).toContain('4 ms');
    expect(second).toContain('aria-current="true"');

    expect(third).toContain('data-status="failed"');
    expect(third).toContain('role="alert"');
    expect(third).toContain('Not answered: The connection to the assistant dropped before it replied.');
    expect(third).not.toContain('>Inspect<');
    expect(html).toContain('role="status" class="visually-hidden">Not answered: ');
  });

  it('shows the synthesis that came before the reply as a draft, not yet as the answer', () => {
    const html = render((store) => {
      store.getState().beginTurn('How tall?');
      store.getState().receiveChunk(sampleChunk({ agent: null, text: 'It is 1083 feet tall.', final: true }));
    });
    const [turn] = turnsOf(html);
    expect(turn).toContain('<p data-testid="draft-answer">It is 1083 feet tall.</p>');
    expect(turn).not.toContain('data-testid="answer"');
    expect(turn).not.toContain('Thinking…');
    expect(turn).not.toContain('partial-chunk');
  });

  it('names a spoken turn until its trace brings the question', () => {
    const html = render((store) => store.getState().receiveChunk(sampleChunk({ turnId: 'voice-1' })));
    expect(html).toContain('<span data-testid="question">(spoken question)</span>');
  });

  it('says who is answering and shows each handoff, with the agents named as the scenario names them', () => {
    const html = render((store) => {
      const app = store.getState();
      app.receiveStatus(
        sampleStatus({
          conversation: {
            scenario: 'front_desk',
            scenarios: [],
            agents: [
              { name: 'concierge', title: 'Concierge' },
              { name: 'timekeeper', title: 'Timekeeper' },
            ],
            startAgent: 'concierge',
          },
        }),
      );
      app.beginTurn('talk to the timekeeper');
      app.receiveTrace(
        sampleTrace({
          sessionId: 'mine',
          query: 'talk to the timekeeper',
          answer: 'Timekeeper here.',
          conversation: { scenario: 'front_desk', agent: 'timekeeper', engine: 'handoff', tools: [], handoffs: [{ from: 'concierge', to: 'timekeeper', type: 'announced', via: 'trigger', tool: 'transfer_to_timekeeper', reason: null, atMs: 1 }] },
        }),
      );
    });
    expect(html).toContain('<p class="active-agent" data-testid="active-agent">Talking to <strong>Timekeeper</strong></p>');
    const [turn] = turnsOf(html);
    expect(turn).toContain('Concierge handed the conversation to Timekeeper<span class="badge">announced</span>');
    expect(turn).toContain('<span class="turn-speaker" data-testid="turn-agent">Timekeeper</span>');
  });
});
