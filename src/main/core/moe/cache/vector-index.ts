import { AppError } from '../../errors.ts';
import { createInt8DotKernel, KERNEL_STRIDE_MULTIPLE, type Int8DotKernel } from './dot-kernel.ts';

// An in-memory index of unit vectors for cosine nearest-neighbour search above a threshold.
//
// Every vector is kept twice: as float32 for exact scores and as int8 (one scale per vector) for
// fast scans by a SIMD kernel, against the query quantised to int16. Rounding errors are known, so
// each approximate score comes with an upper bound on the exact one, and only rows whose bound
// reaches `minSimilarity` are rescored in float32: answers are exact, never approximations.
//
// The int8 rows are cut into blocks of 64 dimensions, each block of every row in one dense matrix.
// A search reads block 0 of every row and bounds the rest by Cauchy-Schwarz,
// q_rest . x_rest <= |q_rest| |x_rest|. While many rows could still reach the threshold, the next
// block is read for every row; once few can, the next blocks are read only for those rows (the
// kernel's listed form), each block tightening their bounds, until a handful are left to rescore
// in float32. At the thresholds a semantic cache uses (0.8 and up) a dense query reads 64 bytes
// of each row.
//
// Sparse vectors (a lexical embedding: a few dozen non-zero dimensions of 512, spread over every
// block) defeat that bound: |q_rest| |x_rest| stays near 1 while q_rest . x_rest is near 0. So each
// row also keeps a sketch, the norm of every group of 8 dimensions (rounded up, one byte each),
// and a sparse query is first bounded by the sum over groups of |q_g| |x_g|, which is small
// unless the two share non-zero dimensions: one pass over 64 bytes per row at 512 dimensions
// leaves little but the true neighbours. Memory: about 5 bytes per dimension per vector.

export interface VectorMatch {
  id: string;
  similarity: number;
}

export interface VectorIndexOptions {
  dimensions: number;
  /** Use the JavaScript kernel even where WebAssembly SIMD exists (for tests). */
  simd?: boolean;
}

const BLOCK = KERNEL_STRIDE_MULTIPLE;
/** Dimensions per group of the sketch. */
const GROUP = 8;
const INT8_MAX = 127;
/** The query's int16 scale: 64 dims x 127 x 16383 per block stays well inside an int32 sum. */
const QUERY_MAX = 16_383;
/** Slack for float rounding in the bound arithmetic. */
const BOUND_EPSILON = 1e-6;
const INITIAL_CAPACITY = 64;
/** While more rows than this share may reach the threshold, the next block is read for every row. */
const MAX_LISTED_SHARE = 1 / 4;
/** More rows than this share left by the sketches: the sketches did not pay, the blocks are read. */
const MAX_SKETCHED_SHARE = 1 / 16;
/** The kernel's score arrays: the sum over the blocks read so far, and the block just read. */
const SUM = 0;
const LATEST = 1;
/** Rows left when rescoring in float32 costs less than reading another block for them. */
const RESCORE_AT = 32;

export class VectorIndex {
  readonly dimensions: number;
  readonly #blocks: number;
  /** Bytes per row of the sketch (one per group, padded for the kernel). */
  readonly #sketchStride: number;
  readonly #kernel: Int8DotKernel;
  #capacity = 0;
  #size = 0;
  #ids: string[] = [];
  readonly #slotOf = new Map<string, number>();
  #floats = new Float32Array(0);
  #inverseScale = new Float64Array(0);
  /** Per row, at index slot * blocks + k - 1 for k = 1..blocks: over blocks < k, what quantising lost; over blocks >= k, the row's norm. */
  #readLost = new Float32Array(0);
  #unreadNorm = new Float32Array(0);
  #expiresAt = new Float64Array(0);
  /** Per row, the scale of its sketch: group norms are at most byte * scale. */
  #sketchScale = new Float64Array(0);
  #survivors = new Int32Array(0);
  #partial = new Float64Array(0);

  constructor(options: VectorIndexOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions <= 0) {
      throw new AppError('bad_request', `Vector dimensions must be a positive integer, got ${options.dimensions}`);
    }
    this.dimensions = options.dimensions;
    this.#blocks = Math.ceil(options.dimensions / BLOCK);
    this.#sketchStride = Math.ceil((this.#blocks * BLOCK) / GROUP / BLOCK) * BLOCK;
    this.#kernel = createInt8DotKernel({ simd: options.simd });
    this.#grow(INITIAL_CAPACITY);
  }

  get size(): number {
    return this.#size;
  }

  get usesSimd(): boolean {
    return this.#kernel.simd;
  }

  has(id: string): boolean {
    return this.#slotOf.has(id);
  }

  /** Adds or replaces the vector stored under `id`; it is normalised to unit length first. */
  set(id: string, vector: Float32Array, expiresAt: number): void {
    this.#checkLength(vector, `the vector of ${id}`);
    let slot = this.#slotOf.get(id);
    if (slot === undefined) {
      if (this.#size === this.#capacity) this.#grow(this.#capacity * 2);
      slot = this.#size++;
      this.#slotOf.set(id, slot);
      this.#ids[slot] = id;
    }
    const dims = this.dimensions;
    const blocks = this.#blocks;
    const floats = this.#floats.subarray(slot * dims, (slot + 1) * dims);
    floats.set(vector);
    normalise(floats);
    const quantised = new Int8Array(blocks * BLOCK);
    const q = quantise(floats, quantised, INT8_MAX, blocks);
    const bytes = this.#kernel.bytes();
    for (let b = 0; b < blocks; b++) bytes.set(new Uint8Array(quantised.buffer, b * BLOCK, BLOCK), this.#blockOffset(b) + slot * BLOCK);
    this.#inverseScale[slot] = q.inverseScale;
    for (let k = 1; k <= blocks; k++) {
      this.#readLost[slot * blocks + k - 1] = q.readLost[k]!;
      this.#unreadNorm[slot * blocks + k - 1] = q.unreadNorm[k]!;
    }
    this.#sketchScale[slot] = sketch(floats, new Int8Array(bytes.buffer, this.#sketchOffset() + slot * this.#sketchStride, this.#sketchStride), INT8_MAX);
    this.#expiresAt[slot] = expiresAt;
  }

  delete(id: string): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    this.#slotOf.delete(id);
    const last = --this.#size;
    if (slot !== last) {
      // Keep rows dense: the last row moves into the hole.
      const movedId = this.#ids[last]!;
      this.#ids[slot] = movedId;
      this.#slotOf.set(movedId, slot);
      const dims = this.dimensions;
      const blocks = this.#blocks;
      this.#floats.copyWithin(slot * dims, last * dims, (last + 1) * dims);
      const bytes = this.#kernel.bytes();
      for (let b = 0; b < blocks; b++) {
        const offset = this.#blockOffset(b);
        bytes.copyWithin(offset + slot * BLOCK, offset + last * BLOCK, offset + (last + 1) * BLOCK);
      }
      const sketches = this.#sketchOffset();
      const stride = this.#sketchStride;
      bytes.copyWithin(sketches + slot * stride, sketches + last * stride, sketches + (last + 1) * stride);
      this.#sketchScale[slot] = this.#sketchScale[last]!;
      this.#inverseScale[slot] = this.#inverseScale[last]!;
      this.#readLost.copyWithin(slot * blocks, last * blocks, (last + 1) * blocks);
      this.#unreadNorm.copyWithin(slot * blocks, last * blocks, (last + 1) * blocks);
      this.#expiresAt[slot] = this.#expiresAt[last]!;
    }
    this.#ids.length = this.#size;
    return true;
  }

  clear(): void {
    this.#size = 0;
    this.#ids = [];
    this.#slotOf.clear();
  }

  /**
   * The stored vector most similar to `query` (cosine) among those with similarity >=
   * `minSimilarity`, `expiresAt > now` and, when `accept` is given, an id it accepts, or null.
   * `accept` is asked about candidates in order of similarity, until it accepts one. Exact: the
   * int8 scans only rule rows out when their bound proves they cannot reach `minSimilarity`.
   */
  nearest(query: Float32Array, minSimilarity: number, now: number, accept?: (id: string) => boolean): VectorMatch | null {
    this.#checkLength(query, 'the query vector');
    const count = this.#size;
    if (count === 0) return null;
    const unitQuery = Float32Array.from(query);
    normalise(unitQuery);
    const blocks = this.#blocks;
    const q = quantise(unitQuery, new Int16Array(this.#kernel.bytes().buffer, 0, blocks * BLOCK), QUERY_MAX, blocks);
    const nonZero: number[] = [];
    for (let j = 0; j < this.dimensions; j++) if (unitQuery[j] !== 0) nonZero.push(j);
    const sparse = nonZero.length < this.dimensions / 2;

    const limit = Math.max(RESCORE_AT, Math.floor(count * MAX_LISTED_SHARE));
    // A sparse query: the sketches first; when they rule out enough, what is left is rescored.
    let survivorCount = sparse ? this.#boundBySketch(unitQuery, minSimilarity, Math.max(RESCORE_AT, Math.floor(count * MAX_SKETCHED_SHARE))) : -1;
    if (survivorCount >= 0) return this.#bestOf(unitQuery, nonZero, survivorCount, minSimilarity, now, accept);

    // Block by block over every row, while too many rows may still reach the threshold.
    let read = 0;
    while (survivorCount < 0) {
      this.#kernel.dot(read * BLOCK * 2, this.#blockOffset(read), count, BLOCK, BLOCK, this.#scoresOffset(read === 0 ? SUM : LATEST));
      read++;
      survivorCount = this.#boundEveryRow(q, read, minSimilarity, read === blocks ? count : limit);
    }
    // Then block by block over the rows still in the running.
    while (survivorCount > RESCORE_AT && read < blocks) {
      survivorCount = this.#readListed(q, read, survivorCount, minSimilarity);
      read++;
    }
    return this.#bestOf(unitQuery, nonZero, survivorCount, minSimilarity, now, accept);
  }

  /** Rows whose sketch bound reaches `minSimilarity` go to the survivors; returns how many, or -1 past `limit`. */
  #boundBySketch(unitQuery: Float32Array, minSimilarity: number, limit: number): number {
    const count = this.#size;
    const stride = this.#sketchStride;
    const buffer = this.#kernel.bytes().buffer;
    const queryScale = sketch(unitQuery, new Int16Array(buffer, this.#sketchQueryOffset(), stride), QUERY_MAX);
    this.#kernel.dot(this.#sketchQueryOffset(), this.#sketchOffset(), count, stride, stride, this.#scoresOffset(SUM));
    const scores = new Int32Array(buffer, this.#scoresOffset(SUM), count);
    const sketchScale = this.#sketchScale;
    const survivors = this.#survivors;
    const needed = minSimilarity - BOUND_EPSILON;
    let survivorCount = 0;
    for (let slot = 0; slot < count; slot++) {
      if (scores[slot]! * queryScale * sketchScale[slot]! < needed) continue;
      if (survivorCount === limit) return -1;
      survivors[survivorCount++] = slot;
    }
    return survivorCount;
  }

  /**
   * Rows whose bound after `read` blocks reaches `minSimilarity` go to the survivors, with their
   * int8 score so far; returns how many, or -1 as soon as there are more than `limit`.
   */
  #boundEveryRow(q: Quantised, read: number, minSimilarity: number, limit: number): number {
    const count = this.#size;
    const blocks = this.#blocks;
    const buffer = this.#kernel.bytes().buffer;
    // Each block's scores are added to those of the blocks before it.
    const scores = new Int32Array(buffer, this.#scoresOffset(SUM), count);
    if (read > 1) {
      const latest = new Int32Array(buffer, this.#scoresOffset(LATEST), count);
      for (let slot = 0; slot < count; slot++) scores[slot] = scores[slot]! + latest[slot]!;
    }
    const inverseScale = this.#inverseScale;
    const readLost = this.#readLost;
    const unreadNorm = this.#unreadNorm;
    const survivors = this.#survivors;
    const partial = this.#partial;
    const scale = q.inverseScale;
    const lostSlack = q.readNorm[read]! + q.readLost[read]!;
    const unread = q.unreadNorm[read]!;
    const needed = minSimilarity - q.readLost[read]! - BOUND_EPSILON;
    let survivorCount = 0;
    for (let slot = 0, row = read - 1; slot < count; slot++, row += blocks) {
      const score = scores[slot]!;
      const bound = score * scale * inverseScale[slot]! + lostSlack * readLost[row]! + unread * unreadNorm[row]!;
      if (bound < needed) continue;
      if (survivorCount === limit) return -1;
      survivors[survivorCount] = slot;
      partial[survivorCount++] = score;
    }
    return survivorCount;
  }

  /** Reads block `block` of the surviving rows and keeps those whose bound still reaches `minSimilarity`. */
  #readListed(q: Quantised, block: number, survivorCount: number, minSimilarity: number): number {
    const blocks = this.#blocks;
    const buffer = this.#kernel.bytes().buffer;
    const list = new Int32Array(buffer, this.#listOffset(), survivorCount);
    list.set(this.#survivors.subarray(0, survivorCount));
    this.#kernel.dotListed(block * BLOCK * 2, this.#blockOffset(block), this.#listOffset(), survivorCount, BLOCK, BLOCK, this.#scoresOffset(LATEST));
    const scores = new Int32Array(buffer, this.#scoresOffset(LATEST), survivorCount);
    const read = block + 1;
    const scale = q.inverseScale;
    const lostSlack = q.readNorm[read]! + q.readLost[read]!;
    const unread = q.unreadNorm[read]!;
    const needed = minSimilarity - q.readLost[read]! - BOUND_EPSILON;
    const survivors = this.#survivors;
    const partial = this.#partial;
    let kept = 0;
    for (let i = 0; i < survivorCount; i++) {
      const slot = survivors[i]!;
      const score = partial[i]! + scores[i]!;
      const row = slot * blocks + read - 1;
      const bound = score * scale * this.#inverseScale[slot]! + lostSlack * this.#readLost[row]! + unread * this.#unreadNorm[row]!;
      if (bound < needed) continue;
      survivors[kept] = slot;
      partial[kept++] = score;
    }
    return kept;
  }

  /** The best of the survivors by their exact float32 score; a sparse query is scored over its non-zero dimensions alone. */
  #bestOf(unitQuery: Float32Array, nonZero: number[], slotCount: number, minSimilarity: number, now: number, accept?: (id: string) => boolean): VectorMatch | null {
    const dims = this.dimensions;
    const floats = this.#floats;
    const expiresAt = this.#expiresAt;
    const slots = this.#survivors;
    const sparse = nonZero.length < dims / 2;
    const candidates: VectorMatch[] = [];
    for (let i = 0; i < slotCount; i++) {
      const slot = slots[i]!;
      if (expiresAt[slot]! <= now) continue;
      const o = slot * dims;
      let exact = 0;
      if (sparse) for (const j of nonZero) exact += unitQuery[j]! * floats[o + j]!;
      else for (let j = 0; j < dims; j++) exact += unitQuery[j]! * floats[o + j]!;
      if (exact < minSimilarity) continue;
      const candidate = { id: this.#ids[slot]!, similarity: Math.min(1, exact) };
      if (accept) candidates.push(candidate);
      else if (candidates.length === 0) candidates.push(candidate);
      else if (candidate.similarity > candidates[0]!.similarity) candidates[0] = candidate;
    }
    if (!accept) return candidates[0] ?? null;
    candidates.sort((a, b) => b.similarity - a.similarity);
    return candidates.find((candidate) => accept(candidate.id)) ?? null;
  }

  // Kernel memory: the int16 query (2 bytes per padded dimension) and its sketch, the row list of
  // the listed reads, two int32 score arrays (the sum over the blocks read, the latest block),
  // one int8 matrix per block, then the sketches. All offsets stay multiples of 64.
  #sketchQueryOffset(): number {
    return this.#blocks * BLOCK * 2;
  }

  #listOffset(): number {
    return this.#sketchQueryOffset() + this.#sketchStride * 2;
  }

  #scoresOffset(which: typeof SUM | typeof LATEST, capacity = this.#capacity): number {
    return this.#listOffset() + capacity * 4 * (1 + which);
  }

  #blockOffset(block: number, capacity = this.#capacity): number {
    return this.#listOffset() + capacity * 4 * 3 + block * capacity * BLOCK;
  }

  #sketchOffset(capacity = this.#capacity): number {
    return this.#blockOffset(this.#blocks, capacity);
  }

  #grow(capacity: number): void {
    const blocks = this.#blocks;
    this.#kernel.reserve(this.#sketchOffset(capacity) + capacity * this.#sketchStride);
    // The matrices move up to make room; the last moves first, so none is overwritten before it moved.
    const bytes = this.#kernel.bytes();
    const sketches = this.#sketchOffset();
    bytes.copyWithin(this.#sketchOffset(capacity), sketches, sketches + this.#size * this.#sketchStride);
    for (let b = blocks - 1; b >= 0; b--) {
      const from = this.#blockOffset(b);
      bytes.copyWithin(this.#blockOffset(b, capacity), from, from + this.#size * BLOCK);
    }
    this.#floats = resized(this.#floats, capacity * this.dimensions);
    this.#inverseScale = resized(this.#inverseScale, capacity);
    this.#readLost = resized(this.#readLost, capacity * blocks);
    this.#unreadNorm = resized(this.#unreadNorm, capacity * blocks);
    this.#expiresAt = resized(this.#expiresAt, capacity);
    this.#sketchScale = resized(this.#sketchScale, capacity);
    this.#survivors = new Int32Array(capacity);
    this.#partial = new Float64Array(capacity);
    this.#capacity = capacity;
  }

  #checkLength(vector: Float32Array, what: string): void {
    if (vector.length !== this.dimensions) {
      throw new AppError('bad_request', `Cannot use ${what}: it has ${vector.length} dimensions, the cache index holds ${this.dimensions}`);
    }
  }
}

function resized<T extends Float32Array | Float64Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array.subarray(0, Math.min(array.length, length)));
  return next;
}

/** Scales to unit length in place; a zero (or non-finite) vector becomes all zeros. */
function normalise(vector: Float32Array): void {
  let sum = 0;
  for (let j = 0; j < vector.length; j++) sum += vector[j]! * vector[j]!;
  const norm = Math.sqrt(sum);
  if (!(norm > 0) || !Number.isFinite(norm)) {
    vector.fill(0);
    return;
  }
  for (let j = 0; j < vector.length; j++) vector[j] = vector[j]! / norm;
}

interface Quantised {
  inverseScale: number;
  /** Index k (0..blocks): the norm of what rounding lost over blocks < k, and the vector's norm over blocks >= k. */
  readLost: Float64Array;
  unreadNorm: Float64Array;
  /** Index k: the vector's norm over blocks < k. */
  readNorm: Float64Array;
}

/**
 * Writes round(x * scale) into `target` (zero-padding the rest), with scale = max / max|x|.
 * Rounding is floor(v + 0.5) (as Math.round); the norms measure exactly what it lost, block by block.
 */
function quantise(vector: Float32Array, target: Int8Array | Int16Array, max: number, blocks: number): Quantised {
  const length = vector.length;
  let largest = 0;
  for (let j = 0; j < length; j++) {
    const magnitude = Math.abs(vector[j]!);
    if (magnitude > largest) largest = magnitude;
  }
  target.fill(0);
  const lostSquares = new Float64Array(blocks);
  const squares = new Float64Array(blocks);
  const scale = largest === 0 ? 0 : max / largest;
  const inverseScale = largest === 0 ? 0 : 1 / scale;
  for (let j = 0; j < length; j++) {
    const value = vector[j]!;
    const rounded = Math.floor(value * scale + 0.5);
    target[j] = rounded;
    const difference = value - rounded * inverseScale;
    const block = Math.floor(j / BLOCK);
    lostSquares[block]! += difference * difference;
    squares[block]! += value * value;
  }
  const readLost = new Float64Array(blocks + 1);
  const readNorm = new Float64Array(blocks + 1);
  const unreadNorm = new Float64Array(blocks + 1);
  let lost = 0;
  let seen = 0;
  for (let k = 1; k <= blocks; k++) {
    lost += lostSquares[k - 1]!;
    seen += squares[k - 1]!;
    readLost[k] = Math.sqrt(lost);
    readNorm[k] = Math.sqrt(seen);
  }
  let rest = 0;
  for (let k = blocks - 1; k >= 0; k--) {
    rest += squares[k]!;
    unreadNorm[k] = Math.sqrt(rest);
  }
  return { inverseScale, readLost, readNorm, unreadNorm };
}

/**
 * Writes each group's norm, rounded up, as ceil(norm * max / largest norm) into `target` (zero
 * beyond the groups) and returns the scale: every group's norm is at most its value times it.
 */
function sketch(vector: Float32Array, target: Int8Array | Int16Array, max: number): number {
  target.fill(0);
  const norms = new Float64Array(Math.ceil(vector.length / GROUP));
  let largest = 0;
  for (let g = 0; g < norms.length; g++) {
    let squares = 0;
    for (let j = g * GROUP; j < Math.min(vector.length, (g + 1) * GROUP); j++) squares += vector[j]! * vector[j]!;
    norms[g] = Math.sqrt(squares);
    if (norms[g]! > largest) largest = norms[g]!;
  }
  if (largest === 0) return 0;
  // Rounded up, and the scale nudged up, so that value * scale never falls below the norm.
  const scale = (largest / max) * (1 + 1e-9);
  for (let g = 0; g < norms.length; g++) target[g] = Math.min(max, Math.ceil(norms[g]! / scale));
  return scale;
}
