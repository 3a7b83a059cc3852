import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seededRandom, shuffleInPlace } from '../../src/main/core/seeded-random.ts';
import { parseQuestions, type EverydayQuestion } from './checks.ts';
import { evaluateEveryday, summarise } from '../eval-everyday.ts';

// The held-out generated set (data/everyday/README.md) through the same host and clock as
// `npm run -s eval:everyday`, held to 95% in every language. A fixed seeded sample of 200
// questions per language keeps the run short; `npm run -s eval:everyday -- --file
// data/everyday/generated/held-out.jsonl` asks all of them.

const FILE = fileURLToPath(new URL('../../data/everyday/generated/held-out.jsonl', import.meta.url));
const PER_LANGUAGE = 200;
const SEED = 20;

/** Whole conversations (lines that share a session stay together and in order), drawn per language. */
export function sampleOf(questions: readonly EverydayQuestion[], perLanguage: number, seed: number): EverydayQuestion[] {
  const groups = new Map<string, number[]>();
  questions.forEach((question, index) => {
    const key = question.session ?? question.id;
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  const random = seededRandom(seed);
  const chosen: number[] = [];
  for (const language of ['en', 'fr', 'de', 'es']) {
    const ofLanguage = [...groups.values()].filter((indexes) => questions[indexes[0]!]!.lang === language);
    let count = 0;
    for (const indexes of shuffleInPlace(ofLanguage, random)) {
      if (count >= perLanguage) break;
      chosen.push(...indexes);
      count += indexes.length;
    }
  }
  return chosen.sort((a, b) => a - b).map((index) => questions[index]!);
}

describe('the held-out generated set', () => {
  const questions = parseQuestions(readFileSync(FILE, 'utf8'), FILE);

  it('draws the same sample every run, whole conversations, 200 questions or more per language', () => {
    const sample = sampleOf(questions, PER_LANGUAGE, SEED);
    expect(sampleOf(questions, PER_LANGUAGE, SEED)).toEqual(sample);
    for (const language of ['en', 'fr', 'de', 'es']) expect(sample.filter((question) => question.lang === language).length).toBeGreaterThanOrEqual(PER_LANGUAGE);
    const sessions = new Set(sample.flatMap((question) => (question.session ? [question.session] : [])));
    for (const session of sessions) {
      expect(sample.filter((question) => question.session === session).length).toBe(questions.filter((question) => question.session === session).length);
    }
  });

  it('is answered correctly offline: 95% or more in every language', { timeout: 120_000 }, async () => {
    const results = await evaluateEveryday(sampleOf(questions, PER_LANGUAGE, SEED));
    const summary = summarise(results) as { byLanguage: Record<string, { correct: number }> };
    const failures = results.filter((result) => !result.verdict.ok).map((result) => `${result.question.id}: ${result.question.q} -> ${result.answer.text} (${result.verdict.failed.join(', ')})`);
    for (const [language, figures] of Object.entries(summary.byLanguage)) expect(figures.correct, `${language}\n${failures.join('\n')}`).toBeGreaterThanOrEqual(0.95);
  });
});
