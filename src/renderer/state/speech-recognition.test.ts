import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../shared/contract.ts';
import { sampleStatus } from '../testing/fixtures.ts';
import { speechRecognition } from './speech-recognition.ts';

const withProviders = (providers: Partial<AppStatus['providers'][number]>[]): AppStatus => {
  const status = sampleStatus();
  return { ...status, providers: providers.map((provider) => ({ id: 'x', kind: 'stt', configured: false, detail: '', ...provider }) as AppStatus['providers'][number]) };
};

describe('whether anything can understand speech', () => {
  it('nothing set up: not usable, and the way out is a speech model', () => {
    expect(speechRecognition(withProviders([{ id: 'openai', kind: 'llm', configured: false }, { id: 'local-stt', configured: false }]))).toMatchObject({ usable: false, fix: 'get_speech_model' });
  });

  it('a downloaded speech model, or a server not known to be down: usable', () => {
    expect(speechRecognition(withProviders([{ id: 'openai', kind: 'llm', configured: false }, { id: 'local-stt', configured: true }])).usable).toBe(true);
    expect(speechRecognition(withProviders([{ id: 'openai', kind: 'llm', configured: true, reachable: null }])).usable).toBe(true);
    expect(speechRecognition(withProviders([{ id: 'openai', kind: 'llm', configured: true, reachable: true }])).usable).toBe(true);
  });

  it('a server that does not answer: not usable, says why, and the way out is to check again', () => {
    const problem = 'The server at http://127.0.0.1:9 does not answer (connection refused: nothing listens there). Start that server, or set another base URL in Settings.';
    const said = speechRecognition(withProviders([{ id: 'openai', kind: 'llm', configured: true, reachable: false, problem }]));
    expect(said).toMatchObject({ usable: false, fix: 'check_server' });
    expect(said.usable === false && said.reason).toContain(problem);
  });
});
