// `npm run ask -- --session NAME "question"` and `npm run ask -- --jsonl FILE`: questions asked in
// a stored conversation of the app's data directory, through the same host the app runs (its
// history, session memory, timers, languages), so follow-ups work from the command line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TurnTrace } from '../src/shared/trace.ts';
import { openFileSecretStore } from '../src/main/adapters/secrets/file-secret-store.ts';
import { systemClock } from '../src/main/adapters/system/system-clock.ts';
import { createAssistantHost, type AssistantHost } from '../src/main/host/assistant-host.ts';
import { PRODUCT_NAME } from '../src/main/host/paths.ts';
import type { Clock } from '../src/main/ports/clock.ts';

export interface ConversationAskOptions {
  configDir: string;
  dataDir: string;
  env: Record<string, string | undefined>;
  verbose: boolean;
  clock?: Clock;
}

export interface ConversationAnswer {
  question: string;
  answer: string;
  session: string;
  agents: string[];
  unanswered: string | null;
  ms: number;
  trace: TurnTrace;
}

const CLIENT = { clientId: 'cli' };

/** A session named on the command line: "kitchen" -> "cli-kitchen" (ids are at most 64 characters). */
export const sessionIdFor = (name: string): string => {
  const slug = name.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56);
  if (!slug) throw new Error(`--session needs a name with letters or digits, got "${name}"`);
  return `cli-${slug}`;
};

export function openConversationHost(options: ConversationAskOptions): AssistantHost {
  const clock = options.clock ?? systemClock;
  try {
    return createAssistantHost({
      kind: 'headless',
      appName: PRODUCT_NAME,
      appVersion: 'cli',
      dataDir: options.dataDir,
      configDir: options.configDir,
      versions: { electron: null, chrome: null },
      clock,
      env: options.env,
      secrets: openFileSecretStore({ path: join(options.dataDir, 'secrets.json'), now: () => clock.now() }),
      logToStderr: options.verbose,
    });
  } catch (error) {
    throw new Error(`cannot open the conversations in ${options.dataDir}: ${(error as Error).message}`, { cause: error });
  }
}

/** Opens (or starts) the named session in `host` and asks each question in it, in order. */
export async function askInSession(host: AssistantHost, name: string | null, questions: readonly string[], onAnswer: (answer: ConversationAnswer) => void): Promise<void> {
  let sessionId: string;
  if (name === null) {
    const started = await host.dispatch('startSession', undefined, CLIENT);
    if (!started.ok) throw new Error(`cannot start a session: ${started.error.message}`);
    sessionId = (started.value as { id: string }).id;
  } else {
    sessionId = sessionIdFor(name);
    if (!host.store.getSession(sessionId)) host.store.createSession({ id: sessionId, host: 'headless', startedAt: Date.now() });
    const resumed = await host.dispatch('resumeSession', { sessionId }, CLIENT);
    if (!resumed.ok) throw new Error(`cannot open session "${name}": ${resumed.error.message}`);
  }
  for (const question of questions) {
    const started = performance.now();
    const reply = await host.dispatch('ask', { sessionId, text: question }, CLIENT);
    if (!reply.ok) throw new Error(`"${question}": ${reply.error.message}`);
    const { answer, trace } = reply.value as { answer: string; trace: TurnTrace };
    onAnswer({
      question,
      answer,
      session: name ?? sessionId,
      agents: trace.agents.filter((agent) => agent.status === 'success').map((agent) => agent.agent),
      unanswered: trace.unanswered?.kind ?? null,
      ms: Math.round(performance.now() - started),
      trace,
    });
  }
}

/** The questions of a JSONL file: a JSON string, an object with "q" or "question", or a plain line. */
export function questionsOf(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line, index) => {
      if (!line.startsWith('{') && !line.startsWith('"')) return line;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new Error(`${path}:${index + 1}: not JSON (${(error as Error).message}); write one question per line, plain or as {"q": "..."}`);
      }
      if (typeof value === 'string') return value;
      const record = value as { q?: unknown; question?: unknown };
      const question = record.q ?? record.question;
      if (typeof question !== 'string' || question.trim() === '') throw new Error(`${path}:${index + 1}: expected {"q": "your question"}`);
      return question;
    });
}
