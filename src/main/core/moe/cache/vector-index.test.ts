import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { VectorIndex } from './vector-index.ts';
import { seededRandom } from '../../seeded-random.ts';


function unitVectors(count: number, dimensions: number, random: () => number): Float32Array[] {
  return Array.from({ length: count }, () => {
    const vector = Float32Array.from({ length: dimensions }, () => random() * 2 - 1);
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

function perturbed(vector: Float32Array, amount: number, random: () => number): Float32Array {
  const out = vector.map((value) => value + (random() * 2 - 1) * amount);
  const norm = Math.hypot(...out);
  return out.map((value) => value / norm);
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

function bruteForce(vectors: Map<string, Float32Array>, query: Float32Array, minSimilarity: number, accept: (id: string) => boolean = () => true) {
  let best: { id: string; similarity: number } | null = null;
  for (const [id, vector] of vectors) {
    if (!accept(id)) continue;
    const similarity = cosine(query, vector);
    if (similarity >= minSimilarity && (best === null || similarity > best.similarity)) best = { id, similarity };
  }
  return best;
}

describe.each([true, false])('VectorIndex (SIMD kernel: %s)', (simd) => {
  const dimensions = 100; // not a multiple of the kernel's 64: exercises the zero padding

  it('finds the same nearest neighbour as a brute-force float scan, at every threshold', () => {
    const random = seededRandom(7);
    const index = new VectorIndex({ dimensions, simd });
    const stored = new Map<string, Float32Array>();
    unitVectors(500, dimensions, random).forEach((vector, i) => {
      stored.set(`e${i}`, vector);
      index.set(`e${i}`, vector, Infinity);
    });
    const queries = [
      ...[...stored.values()].slice(0, 40).map((vector) => perturbed(vector, 0.05, random)),
      ...unitVectors(40, dimensions, random),
    ];
    for (const threshold of [-1, 0, 0.2, 0.5, 0.9, 0.99]) {
      for (const query of queries) {
        const expected = bruteForce(stored, query, threshold);
        const found = index.nearest(query, threshold, 0);
        expect(found?.id ?? null).toBe(expected?.id ?? null);
        if (expected !== null) expect(found!.similarity).toBeCloseTo(expected.similarity, 5);
      }
    }
    expect(index.usesSimd).toBe(simd);
  });

  it('finds the most similar vector a filter accepts, passing over nearer ones it refuses', () => {
    const random = seededRandom(5);
    const index = new VectorIndex({ dimensions, simd });
    const stored = new Map<string, Float32Array>();
    const base = unitVectors(60, dimensions, random);
    // Clusters of near-duplicates: the filter refuses some of each.
    base.forEach((vector, i) => {
      for (let k = 0; k < 5; k++) {
        const near = perturbed(vector, 0.03, random);
        stored.set(`e${i}-${k}`, near);
        index.set(`e${i}-${k}`, near, Infinity);
      }
    });
    const accept = (id: string) => !id.endsWith('-0') && !id.endsWith('-3');
    let passedOver = 0;
    for (const query of base.map((vector) => perturbed(vector, 0.02, random))) {
      const expected = bruteForce(stored, query, 0.9, accept);
      const asked: string[] = [];
      const found = index.nearest(query, 0.9, 0, (id) => {
        asked.push(id);
        return accept(id);
      });
      expect(found?.id ?? null).toBe(expected?.id ?? null);
      if (expected !== null) expect(found!.similarity).toBeCloseTo(expected.similarity, 5);
      if (bruteForce(stored, query, 0.9)?.id !== expected?.id) passedOver++;
      // Asked in order of similarity, and only until one is accepted.
      expect(asked.filter((id) => accept(id)).length).toBeLessThanOrEqual(1);
    }
    expect(passedOver).toBeGreaterThan(0);
  });

  it('stays exact when rows are read block by block, for all of them and then for the few left', () => {
    const random = seededRandom(9);
    const wide = 320; // five blocks of 64
    const index = new VectorIndex({ dimensions: wide, simd });
    const stored = new Map<string, Float32Array>();
    // Vectors sharing a common direction (like n-gram embeddings of questions): the first block alone rules few of them out.
    const common = unitVectors(1, wide, random)[0]!;
    unitVectors(1_000, wide, random).forEach((vector, i) => {
      const mixed = perturbed(vector.map((value, j) => value * 0.6 + common[j]! * 0.8), 0, random);
      stored.set(`e${i}`, mixed);
      index.set(`e${i}`, mixed, Infinity);
    });
    const queries = [...[...stored.values()].slice(0, 30).map((vector) => perturbed(vector, 0.02, random)), ...unitVectors(10, wide, random)];
    for (const threshold of [0.5, 0.8, 0.9, 0.95, 0.99]) {
      for (const query of queries) {
        const expected = bruteForce(stored, query, threshold);
        const found = index.nearest(query, threshold, 0);
        expect(found?.id ?? null).toBe(expected?.id ?? null);
        if (expected !== null) expect(found!.similarity).toBeCloseTo(expected.similarity, 5);
      }
    }
  });

  it('stays exact for sparse vectors (bounded by their sketches first), and for a sparse query among dense rows', () => {
    const random = seededRandom(13);
    const wide = 512;
    // Like hashed n-grams: 40 non-zero dimensions, some of them shared by many vectors.
    const common = Array.from({ length: 30 }, () => Math.floor(random() * wide));
    const sparseVector = () => {
      const vector = new Float32Array(wide);
      for (let k = 0; k < 40; k++) {
        const dimension = k < 8 ? common[Math.floor(random() * common.length)]! : Math.floor(random() * wide);
        vector[dimension] = vector[dimension]! + (random() < 0.5 ? -1 : 1);
      }
      return perturbed(vector, 0, random);
    };
    const sparseNear = (vector: Float32Array) => {
      const near = Float32Array.from(vector);
      for (let k = 0; k < 3; k++) {
        const dimension = Math.floor(random() * wide);
        near[dimension] = near[dimension]! + 0.3;
      }
      return perturbed(near, 0, random);
    };
    const index = new VectorIndex({ dimensions: wide, simd });
    const stored = new Map<string, Float32Array>();
    for (let i = 0; i < 1_000; i++) {
      const vector = sparseVector();
      stored.set(`e${i}`, vector);
      index.set(`e${i}`, vector, Infinity);
    }
    const queries = [...[...stored.values()].slice(0, 30).map(sparseNear), ...Array.from({ length: 10 }, sparseVector)];
    const check = () => {
      for (const query of queries) {
        const best = bruteForce(stored, query, -1)!;
        for (const threshold of [0.3, 0.8, 0.9, 0.95]) {
          const found = index.nearest(query, threshold, 0);
          expect(found?.id ?? null).toBe(best.similarity >= threshold ? best.id : null);
          if (found !== null) expect(found.similarity).toBeCloseTo(best.similarity, 5);
        }
      }
    };
    check();
    // Dense rows among them: the sketches rule out little, the blocks decide.
    for (const [i, vector] of unitVectors(300, wide, random).entries()) {
      stored.set(`d${i}`, vector);
      index.set(`d${i}`, vector, Infinity);
    }
    check();
  });

  it('stays exact as entries are replaced and deleted (rows move to keep the index dense)', () => {
    const random = seededRandom(11);
    const index = new VectorIndex({ dimensions, simd });
    const stored = new Map<string, Float32Array>();
    const vectors = unitVectors(300, dimensions, random);
    vectors.forEach((vector, i) => {
      stored.set(`e${i}`, vector);
      index.set(`e${i}`, vector, Infinity);
    });
    for (let i = 0; i < 300; i += 3) {
      expect(index.delete(`e${i}`)).toBe(true);
      stored.delete(`e${i}`);
    }
    const replacement = unitVectors(1, dimensions, random)[0]!;
    index.set('e1', replacement, Infinity);
    stored.set('e1', replacement);
    expect(index.delete('e0')).toBe(false);
    expect(index.size).toBe(stored.size);
    for (const [id, vector] of stored) expect(index.nearest(vector, 0.999, 0)?.id).toBe(id);
    for (const query of unitVectors(30, dimensions, random)) {
      expect(index.nearest(query, -1, 0)?.id).toBe(bruteForce(stored, query, -1)?.id);
    }
  });

  it('skips expired vectors and returns the best live one', () => {
    const index = new VectorIndex({ dimensions: 2, simd });
    index.set('old', Float32Array.of(1, 0), 1000);
    index.set('live', Float32Array.of(0.8, 0.6), 5000);
    expect(index.nearest(Float32Array.of(1, 0), 0.5, 999)?.id).toBe('old');
    expect(index.nearest(Float32Array.of(1, 0), 0.5, 1000)).toEqual({ id: 'live', similarity: expect.closeTo(0.8, 6) });
    expect(index.nearest(Float32Array.of(1, 0), 0.9, 1000)).toBeNull();
  });

  it('normalises input and treats a zero vector as similar to nothing', () => {
    const index = new VectorIndex({ dimensions: 3, simd });
    index.set('scaled', Float32Array.of(0, 10, 0), Infinity);
    index.set('zero', Float32Array.of(0, 0, 0), Infinity);
    expect(index.nearest(Float32Array.of(0, 0.5, 0), 0.99, 0)?.id).toBe('scaled');
    expect(index.nearest(Float32Array.of(0, 0, 0), 0.01, 0)).toBeNull();
  });

  it('rejects vectors of the wrong length with a clear error', () => {
    const index = new VectorIndex({ dimensions: 4, simd });
    expect(() => index.set('a', new Float32Array(3), Infinity)).toThrow(AppError);
    expect(() => index.nearest(new Float32Array(5), 0.5, 0)).toThrow(/5 dimensions, the cache index holds 4/);
  });
});
