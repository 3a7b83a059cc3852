import { describe, expect, it } from 'vitest';
import { renderWithStore, statusWithOpenAi } from '../../testing/render-with-store.tsx';
import type { AppStatus } from '../../../shared/contract.ts';
import { VoiceBar } from './VoiceBar.tsx';

const render = (openai: AppStatus['providers'][number]) => renderWithStore(<VoiceBar />, (store) => store.getState().receiveStatus(statusWithOpenAi(openai)));

describe('the voice controls', () => {
  it('say before the user speaks why talking is not available, offer the one fix, and never say "Listening"', () => {
    const none = render({ id: 'openai', kind: 'llm', configured: false, detail: 'needs a key' });
    expect(none).toMatch(/Nothing here can understand speech yet: download a speech model/);
    expect(none).toMatch(/<button type="button">Get a speech model<\/button>/);
    expect(none).not.toContain('Listening');
    expect(none).toMatch(/disabled="" data-testid="talk-button"/);
    // Said once: no second copy of the advice anywhere in the bar.
    expect(none.match(/speech model/g)?.length).toBe(2);

    const down = render({ id: 'openai', kind: 'llm', configured: true, detail: 'local', reachable: false, problem: 'The server at http://127.0.0.1:9 does not answer (connection refused: nothing listens there).' });
    expect(down).toMatch(/Nothing can understand speech right now: The server at http:\/\/127.0.0.1:9 does not answer/);
    expect(down).toMatch(/<button type="button">Check again<\/button>/);

    // A server set up (and not known to be down): the advice is gone.
    expect(render({ id: 'openai', kind: 'llm', configured: true, detail: 'local', reachable: true, models: [] })).not.toContain('voice-unavailable');
    expect(render({ id: 'openai', kind: 'llm', configured: true, detail: 'local', reachable: null })).not.toContain('voice-unavailable');
  });

  it('count a downloaded speech model as a recognizer when no provider is set up', () => {
    const html = renderWithStore(<VoiceBar />, (store) => {
      const status = statusWithOpenAi({ id: 'openai', kind: 'llm', configured: false, detail: 'needs a key' });
      store.getState().receiveStatus({ ...status, providers: [...status.providers, { id: 'local-stt', kind: 'stt', configured: true, detail: 'Whisper tiny (English), on this computer (sherpa-onnx)' }] });
    });
    expect(html).not.toContain('voice-unavailable');
  });
});
