// Questions from the command line, through the same host the app runs: its conversation engine
// (languages, follow-ups, timers, memory, agents and handoffs), its settings, keys and store. A
// named session (`--session NAME`) is kept, so follow-ups work across runs; without one, the
// questions go to a throwaway session that is forgotten when the command ends (its timers stay set).
// `npm run ask`, `ask --jsonl` and `eval:everyday` all ask through `askInSession`.
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
  /** The trace as stored, the one the inspector shows. */
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
    const reason = (error as Error).message;
    const held = /locked|busy/i.test(reason) ? ' (the assistant is running and holds it open: ask there, or pass --data-dir for another folder)' : '';
    throw new Error(`cannot open the conversations in ${options.dataDir}${held}: ${reason}`, { cause: error });
  }
}

/**
 * Asks `questions` in order in the session called `name` (created if need be), or in a throwaway
 * session when `name` is null, and hands each answer to `onAnswer` with its stored trace.
 */
export async function askInSession(host: AssistantHost, name: string | null, questions: readonly string[], onAnswer: (answer: ConversationAnswer) => void): Promise<void> {
  const sessionId = name === null ? await startSession(host) : await openNamedSession(host, name);
  try {
    for (const question of questions) onAnswer({ ...(await askOne(host, sessionId, question)), session: name ?? 'throwaway' });
  } finally {
    if (name === null) host.store.deleteSession(sessionId);
  }
}

export async function startSession(host: AssistantHost): Promise<string> {
  const started = await host.dispatch('startSession', undefined, CLIENT);
  if (!started.ok) throw new Error(`cannot start a session: ${started.error.message}`);
  return (started.value as { id: string }).id;
}

async function openNamedSession(host: AssistantHost, name: string): Promise<string> {
  const sessionId = sessionIdFor(name);
  if (!host.store.getSession(sessionId)) host.store.createSession({ id: sessionId, host: 'headless', startedAt: Date.now() });
  const resumed = await host.dispatch('resumeSession', { sessionId }, CLIENT);
  if (!resumed.ok) throw new Error(`cannot open session "${name}": ${resumed.error.message}`);
  return sessionId;
}

/** One question through the conversation engine, as a window asks it; the trace once it is stored. */
export async function askOne(host: AssistantHost, sessionId: string, question: string): Promise<Omit<ConversationAnswer, 'session'>> {
  const started = performance.now();
  const reply = await host.dispatch('ask', { sessionId, text: question }, CLIENT);
  if (!reply.ok) throw new Error(`"${question}": ${reply.error.message}`);
  const { answer, trace: replied } = reply.value as { answer: string; trace: TurnTrace };
  const trace = (await storedTrace(host, replied.id)) ?? replied;
  return {
    question,
    answer,
    agents: trace.agents.filter((agent) => agent.status === 'success').map((agent) => agent.agent),
    unanswered: trace.unanswered?.kind ?? null,
    ms: Math.round(performance.now() - started),
    trace,
  };
}

/** The trace is stored just after the answer (with the cache's outcome): wait for it briefly. */
async function storedTrace(host: AssistantHost, id: string): Promise<TurnTrace | null> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const found = await host.dispatch('getTrace', { id }, CLIENT);
    if (found.ok) return found.value as TurnTrace;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return null;
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
