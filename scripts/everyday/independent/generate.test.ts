import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuestions } from '../checks.ts';
import { buildIndependentSet, OUTPUT_FILE, serialise, SINGLE_KINDS } from './generate.ts';
import { ARITHMETIC_FOLLOWUPS, cancelTimer, namedTimer, otherAmount, otherCity, otherDays, otherPercent, pickNamed, timeLeft } from './kinds/followups.ts';
import { LANGUAGES, type Line } from './types.ts';

const lines = buildIndependentSet();

describe('the independent everyday set', () => {
  it('is the committed file, written again the same from its seeds', () => {
    expect(readFileSync(OUTPUT_FILE, 'utf8')).toBe(serialise(lines));
    expect(serialise(buildIndependentSet())).toBe(serialise(lines));
  });

  it('has at least 300 lines in each language, in the schema the evaluation reads', () => {
    const parsed = parseQuestions(readFileSync(OUTPUT_FILE, 'utf8'), OUTPUT_FILE);
    expect(parsed).toHaveLength(lines.length);
    for (const lang of LANGUAGES) {
      const own = lines.filter((item) => item.lang === lang);
      expect(own.length).toBeGreaterThanOrEqual(300);
      expect(new Set(own.map((item) => item.category))).toEqual(new Set(['arithmetic', 'percent', 'units', 'time', 'date', 'timers', 'followup']));
    }
    expect(new Set(lines.map((item) => item.id)).size).toBe(lines.length);
    for (const item of lines) {
      expect(item.id).toMatch(new RegExp(`^${item.lang}-ind-${item.category}-\\d{3}$`));
      expect(item.q).not.toMatch(/[{}§]|undefined|NaN/);
      expect(Object.keys(item.expect).length).toBeGreaterThan(0);
      for (const value of item.expect.numbers ?? []) expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('writes every kind with at least six phrasings per language', () => {
    const followups = [...ARITHMETIC_FOLLOWUPS, otherPercent, otherCity, otherAmount, otherDays, timeLeft, cancelTimer, namedTimer, pickNamed];
    for (const kind of [...SINGLE_KINDS, ...followups]) for (const lang of LANGUAGES) expect(kind.templates[lang].length, `${kind.name} ${lang}`).toBeGreaterThanOrEqual(6);
    for (const kind of SINGLE_KINDS) {
      for (const lang of LANGUAGES) {
        const used = new Set(lines.filter((item) => item.lang === lang && item.template.startsWith(`independent/${lang}/${kind.name}/`)).map((item) => item.template));
        expect(used.size, `${kind.name} ${lang}`).toBe(Math.min(kind.count, kind.templates[lang].length));
      }
    }
  });

  it('puts each follow-up in a session after the line it goes on from', () => {
    const sessions = new Map<string, Line[]>();
    for (const item of lines) if (item.session) sessions.set(item.session, [...(sessions.get(item.session) ?? []), item]);
    expect(sessions.size).toBeGreaterThan(150);
    for (const [, session] of sessions) {
      expect(session.length).toBeGreaterThanOrEqual(2);
      expect(session.length).toBeLessThanOrEqual(3);
      expect(session[0]!.category).not.toBe('followup');
      expect(new Set(session.map((item) => item.lang)).size).toBe(1);
    }
    expect(lines.filter((item) => item.category === 'followup' && !item.session)).toEqual([]);
  });

  it('computes expected values from the values drawn, as worked by hand', () => {
    // Lines written in symbols, read again and worked out here.
    const symbolic = /^(?:\S+,? )?(\d+(?:[.,]\d+)?) ?([+*x÷/:-]) ?(\d+(?:[.,]\d+)?)$/;
    const worked = lines.filter((candidate) => symbolic.test(candidate.q));
    expect(worked.length).toBeGreaterThan(20);
    for (const item of worked) {
      const [, left, op, right] = symbolic.exec(item.q)!;
      const a = Number(left!.replace(',', '.'));
      const b = Number(right!.replace(',', '.'));
      const value = { '+': a + b, '-': a - b, '*': a * b, x: a * b, '÷': a / b, '/': a / b, ':': a / b }[op!]!;
      expect(item.expect.numbers![0], item.q).toBeCloseTo(value, 3);
    }
    // Days to holidays, counted on a calendar from Friday 20 November 2026.
    const holidays: Array<[RegExp, number]> = [[/christmas eve|veille de noël|réveillon de noël|heiligabend|nochebuena/i, 34], [/\b(christmas day|noël|navidad|xmas)\b/i, 35], [/new year's eve|new years eve|saint-sylvestre|silvester|nochevieja/i, 41], [/valentin/i, 86]];
    let counted = 0;
    for (const item of lines.filter((candidate) => candidate.template.includes('/days-until/'))) {
      const holiday = holidays.find(([pattern]) => pattern.test(item.q));
      if (!holiday) continue;
      counted++;
      expect(item.expect.numbers, item.q).toEqual([holiday[1]]);
    }
    expect(counted).toBeGreaterThan(5);
    for (const item of lines.filter((candidate) => /^what time is it in tokyo\??$/i.test(candidate.q))) expect(item.expect.time).toBe('23:04');
  });
});
