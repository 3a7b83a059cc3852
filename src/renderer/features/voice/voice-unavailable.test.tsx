import { describe, expect, it } from 'vitest';
import { renderWithStore, statusWithOpenAi } from '../../testing/render-with-store.tsx';
import type { AppStatus } from '../../../shared/contract.ts';
import { VoiceBar } from './VoiceBar.tsx';

const render = (openai: AppStatus['providers'][number]) => renderWithStore(<VoiceBar />, (store) => store.getState().receiveStatus(statusWithOpenAi(openai)));

describe('the voice controls', () => {
  it('say before the user speaks why talking is not available, and nothing when it is', () => {
    expect(render({ id: 'openai', kind: 'llm', configured: false, detail: 'needs a key' })).toMatch(/Talking needs speech recognition: download a speech model \(Settings › Speech models\), or an OpenAI API key, or a local OpenAI-compatible speech server/);
    expect(render({ id: 'openai', kind: 'llm', configured: true, detail: 'local', reachable: false, problem: 'connection refused' })).toMatch(/does not answer \(connection refused\)/);
    expect(render({ id: 'openai', kind: 'llm', configured: true, detail: 'local', reachable: true, models: [] })).not.toContain('voice-unavailable');
  });

  it('count a downloaded speech model as a recognizer when no provider is set up', () => {
    const html = renderWithStore(<VoiceBar />, (store) => {
      const status = statusWithOpenAi({ id: 'openai', kind: 'llm', configured: false, detail: 'needs a key' });
      store.getState().receiveStatus({ ...status, providers: [...status.providers, { id: 'local-stt', kind: 'stt', configured: true, detail: 'Whisper tiny (English), on this computer (sherpa-onnx)' }] });
    });
    expect(html).not.toContain('voice-unavailable');
  });
});
