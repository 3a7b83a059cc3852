import { describe, expect, it } from 'vitest';
import { renderWithStore, statusWithOpenAi } from '../../testing/render-with-store.tsx';
import type { AppStatus } from '../../../shared/contract.ts';
import { FirstRun, OFFLINE_EXAMPLES } from './FirstRun.tsx';

const render = (openai: AppStatus['providers'][number]) => renderWithStore(<FirstRun />, (store) => store.getState().receiveStatus(statusWithOpenAi(openai)));

describe('the first run', () => {
  it('offers examples that work offline and says what a key or a local server adds', () => {
    const html = render({ id: 'openai', kind: 'llm', configured: false, detail: 'needs an API key' });
    for (const example of OFFLINE_EXAMPLES) expect(html).toContain(`>${example.replace(/'/g, '&#x27;')}</button>`);
    expect(html).toMatch(/need a language model: an OpenAI API key, or a local OpenAI-compatible server/);
    // Talking is the voice bar's to explain (once, with its fix), not repeated here.
    expect(html).not.toMatch(/speech recognition|speech model/i);
    // Either one is entered right here.
    expect(html).toContain('<summary>Set up a key or a local server</summary>');
    expect(html).toMatch(/<label for="[^"]+">OpenAI API key<\/label>/);
    expect(html).toMatch(/<label for="[^"]+">Local server address<\/label>/);
  });

  it('says so when the server is set up but does not answer, and nothing more when it does', () => {
    const problem = 'The server at http://127.0.0.1:9 does not answer (connection refused: nothing listens there). Start that server, or set another base URL in Settings.';
    expect(render({ id: 'openai', kind: 'llm', configured: true, detail: 'local', reachable: false, problem })).toContain(`General questions wait for the language model: ${problem}`);
    const ready = render({ id: 'openai', kind: 'llm', configured: true, detail: 'local', reachable: true, models: ['llama3'] });
    expect(ready).toMatch(/A language model is set up/);
    expect(ready).not.toContain('first-run-setup');
  });
});
