import { describe, expect, it } from 'vitest';
import { figureProblems } from './figures.ts';

describe('figureProblems', () => {
  it('accepts every promised figure as a finite number, and nothing else', () => {
    expect(figureProblems(['a.x', 'a.y'], { 'a.x': 1.5, 'a.y': 0 })).toEqual([]);
  });

  it('names a missing figure, one that is not a finite number, and one not promised', () => {
    expect(figureProblems(['a.x', 'a.y', 'a.z', 'a.w'], { 'a.x': 1, 'a.y': Number.NaN, 'a.z': '3', 'a.v': 2 })).toEqual([
      'missing: a.w',
      'not a finite number: a.y=NaN, a.z=3',
      'not in its list of figures: a.v',
    ]);
    expect(figureProblems(['a.x'], { 'a.x': Number.POSITIVE_INFINITY })).toEqual(['not a finite number: a.x=Infinity']);
  });
});
