import { describe, expect, it } from 'vitest';
import type { ResolvedConflict } from './conflicts.ts';
import { scoreQuality } from './quality.ts';

const answers = [
  { agent: 'a', text: 'x', confidence: 0.9, weight: 0.6 },
  { agent: 'b', text: 'y', confidence: 0.6, weight: 0.4 },
];
const base = { text: 'Mars has two moons.', answers, voiceMode: false, degraded: false, conflicts: [] as ResolvedConflict[] };

describe('scoreQuality', () => {
  it('is 0 for an empty answer', () => {
    expect(scoreQuality({ ...base, text: '  ', provenance: [] })).toBe(0);
  });

  it('rewards corroborated, attributed answers from confident agents', () => {
    const corroborated = scoreQuality({ ...base, provenance: [{ sentence: base.text, agents: ['a', 'b'] }] });
    // confidence 0.78 (weighted) x coverage 1 x corroboration 1
    expect(corroborated).toBeCloseTo(0.78, 3);
    const alone = scoreQuality({ ...base, provenance: [{ sentence: base.text, agents: ['a'] }] });
    expect(alone).toBeCloseTo(0.9 * 0.9, 3);
    const unattributed = scoreQuality({ ...base, provenance: [{ sentence: base.text, agents: [] }] });
    expect(unattributed).toBeCloseTo(0.78 * 0.6 * 0.9, 3);
  });

  it('lowers the score for conflicts, fallbacks and odd lengths', () => {
    const provenance = [{ sentence: base.text, agents: ['a', 'b'] }];
    const conflict = { conflict: { kind: 'number', agents: ['a', 'b'], values: ['2', '3'], resolvedTo: '2', resolution: '' }, winners: ['a'], losers: ['b'] } as unknown as ResolvedConflict;
    expect(scoreQuality({ ...base, provenance, conflicts: [conflict] })).toBeCloseTo(0.78 * 0.8, 3);
    expect(scoreQuality({ ...base, provenance, degraded: true })).toBeCloseTo(0.78 * 0.9, 3);
    expect(scoreQuality({ ...base, provenance, text: 'Two.' })).toBeCloseTo(0.78 * 0.6, 3);
    expect(scoreQuality({ ...base, provenance, voiceMode: true, text: 'word '.repeat(100) })).toBeCloseTo(0.78 * 0.8, 3);
  });
});
