// How well the assistant answers everyday questions with no key and no network: every line of
// data/everyday/questions.jsonl (or --file) asked through a real host (real SQLite, the shipped
// config), on a clock fixed at Friday 20 November 2026 14:04 UTC in Europe/Berlin. Lines that share
// a `session` are asked in order in one conversation. Prints one JSON object: the fraction answered
// correctly overall, per language and per category; --failures lists what went wrong.
//
//   npm run -s eval:everyday [-- --file FILE] [--failures]
process.env.TZ = 'Europe/Berlin';

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { askOne, openConversationHost, startSession } from './ask-conversation.ts';
import { judge, parseQuestions, type Answer, type EverydayQuestion, type Verdict } from './everyday/checks.ts';

/** Friday 20 November 2026, 14:04 UTC (15:04 in Berlin). */
export const EVAL_NOW = Date.UTC(2026, 10, 20, 14, 4);
const DEFAULT_FILE = fileURLToPath(new URL('../data/everyday/questions.jsonl', import.meta.url));
const CONFIG_DIR = fileURLToPath(new URL('../config', import.meta.url));

export interface EvaluationResult {
  question: EverydayQuestion;
  answer: Answer;
  verdict: Verdict;
}

export async function evaluateEveryday(questions: readonly EverydayQuestion[]): Promise<EvaluationResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eval-everyday-'));
  // No key, no server: the offline assistant, asked as `npm run ask` asks (ask-conversation.ts).
  // The clock stands still, so timers never fire mid-run.
  const host = openConversationHost({ configDir: CONFIG_DIR, dataDir, env: {}, verbose: false, clock: { now: () => EVAL_NOW } });
  const sessions = new Map<string, string>();
  const results: EvaluationResult[] = [];
  try {
    for (const question of questions) {
      let sessionId = question.session ? sessions.get(question.session) : undefined;
      if (!sessionId) {
        sessionId = await startSession(host);
        if (question.session) sessions.set(question.session, sessionId);
      }
      const answer: Answer = await askOne(host, sessionId, question.q).then(
        (asked) => ({ text: asked.answer, unanswered: (asked.unanswered as Answer['unanswered']) ?? null }),
        (error: unknown) => ({ text: `(error: ${(error as Error).message})`, unanswered: null }),
      );
      results.push({ question, answer, verdict: judge(question, answer) });
    }
  } finally {
    host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

export function summarise(results: readonly EvaluationResult[]): Record<string, unknown> {
  const share = (items: readonly EvaluationResult[]) => Math.round((items.filter((item) => item.verdict.ok).length / Math.max(1, items.length)) * 1000) / 1000;
  const groupBy = (key: (item: EvaluationResult) => string) => {
    const groups = new Map<string, EvaluationResult[]>();
    for (const item of results) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
    return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, items]) => [name, { correct: share(items), questions: items.length }]));
  };
  return {
    questions: results.length,
    correct: share(results),
    byLanguage: groupBy((item) => item.question.lang),
    byCategory: groupBy((item) => item.question.category),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: 'string' }, failures: { type: 'boolean', default: false } } });
  const file = values.file ?? DEFAULT_FILE;
  const questions = parseQuestions(readFileSync(file, 'utf8'), file);
  const results = await evaluateEveryday(questions);
  const summary = summarise(results);
  if (values.failures) {
    summary.failures = results
      .filter((item) => !item.verdict.ok)
      .map((item) => ({ id: item.question.id, q: item.question.q, answer: item.answer.text, unanswered: item.answer.unanswered, failed: item.verdict.failed }));
  }
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`eval:everyday failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
