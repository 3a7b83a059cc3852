import { afterEach, describe, expect, it } from 'vitest';
import type { SessionSummary, TraceSummary } from '../../shared/contract.ts';
import type { Result } from '../../shared/result.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import type { AssistantHost } from './assistant-host.ts';

// What the inspector and History list: one entry per question, in the words the user used (not
// the readings the engine tried), and each conversation titled by its first question.

let temp: ReturnType<typeof makeTempDir> | undefined;
let host: AssistantHost | undefined;
afterEach(() => {
  host?.close();
  temp?.remove();
});

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
};
const client = { clientId: 'w' };

describe('past turns and past conversations', () => {
  it('lists one trace per question, with the question as typed', async () => {
    temp = makeTempDir('inspector-history');
    host = createTestHost(temp.path);
    const { id: sessionId } = value<{ id: string }>(await host.dispatch('startSession', undefined, client));
    // With no model, every reading of these words is tried (English, as typed, French, German, Spanish).
    value(await host.dispatch('ask', { sessionId, text: 'Who wrote Hamlet?' }, client));
    value(await host.dispatch('ask', { sessionId, text: 'Wie spät ist es in Tokio?' }, client));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const listed = value<TraceSummary[]>(await host.dispatch('listTraces', { sessionId, limit: 20 }, client));
    expect(listed.map((summary) => summary.query)).toEqual(['Wie spät ist es in Tokio?', 'Who wrote Hamlet?']);
  });

  it('titles a conversation by its first question', async () => {
    temp = makeTempDir('inspector-history');
    host = createTestHost(temp.path);
    const { id: sessionId } = value<{ id: string }>(await host.dispatch('startSession', undefined, client));
    expect(value<SessionSummary[]>(await host.dispatch('listSessions', { limit: 5 }, client))[0]!.title).toBeNull();
    value(await host.dispatch('ask', { sessionId, text: 'How many days until Christmas?' }, client));
    value(await host.dispatch('ask', { sessionId, text: 'and until New Year?' }, client));
    expect(value<SessionSummary[]>(await host.dispatch('listSessions', { limit: 5 }, client))[0]!.title).toBe('How many days until Christmas?');
  });
});
