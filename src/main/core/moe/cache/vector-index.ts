import { AppError } from '../../errors.ts';
import { createInt8DotKernel, KERNEL_STRIDE_MULTIPLE, type Int8DotKernel } from './dot-kernel.ts';

// An in-memory index of unit vectors for cosine nearest-neighbour search above a threshold.
//
// Every vector is kept twice: as float32 for exact scores and as int8 (one scale per vector) for
// fast scans by a SIMD kernel, against the query quantised to int16. Rounding errors are known, so
// each approximate score comes with an upper bound on the exact one, and only rows whose bound
// reaches `minSimilarity` are rescored in float32: answers are exact, never approximations.
//
// The int8 rows are split into a head (the first quarter of the dimensions) and a tail, stored in
// two dense matrices. The first scan reads only the heads and bounds the rest by Cauchy-Schwarz,
// q_tail . x_tail <= |q_tail| |x_tail|; at the thresholds a semantic cache uses (0.8 and up) that
// rules out nearly every row while reading a sixteenth of the float32 bytes (the scan is bound by
// memory bandwidth). When too many rows survive (a low threshold), the tails are scanned as well
// and whole-row bounds decide. Memory: about 5 bytes per dimension per vector.

export interface VectorMatch {
  id: string;
  similarity: number;
}

export interface VectorIndexOptions {
  dimensions: number;
  /** Use the JavaScript kernel even where WebAssembly SIMD exists (for tests). */
  simd?: boolean;
}

const INT8_MAX = 127;
/** The query's int16 scale: 512 dims x 127 x 16383 stays well inside an int32 sum. */
const QUERY_MAX = 16_383;
/** Slack for float rounding in the bound arithmetic. */
const BOUND_EPSILON = 1e-6;
const INITIAL_CAPACITY = 64;
/** Above this share of survivors the head scan saved nothing; scan whole rows instead. */
const MAX_SURVIVOR_SHARE = 1 / 16;
/** Per-row numbers, interleaved so the bound loop reads one stream. */
const ROW_INVERSE_SCALE = 0;
const ROW_RESIDUAL = 1;
const ROW_HEAD_RESIDUAL = 2;
const ROW_TAIL_NORM = 3;
const ROW_FIELDS = 4;

export class VectorIndex {
  readonly dimensions: number;
  /** Padded row length in the int8 matrices: a multiple of the kernel's 64. */
  readonly #stride: number;
  /** Padded dimensions in the head matrix (a quarter of the row, rounded up to 64) and the tail. */
  readonly #head: number;
  readonly #tail: number;
  readonly #kernel: Int8DotKernel;
  #capacity = 0;
  #size = 0;
  #ids: string[] = [];
  readonly #slotOf = new Map<string, number>();
  #floats = new Float32Array(0);
  #rows = new Float64Array(0);
  #expiresAt = new Float64Array(0);
  #survivors = new Int32Array(0);

  constructor(options: VectorIndexOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions <= 0) {
      throw new AppError('bad_request', `Vector dimensions must be a positive integer, got ${options.dimensions}`);
    }
    this.dimensions = options.dimensions;
    this.#stride = roundUp(options.dimensions, KERNEL_STRIDE_MULTIPLE);
    this.#head = Math.min(this.#stride, roundUp(options.dimensions / 4, KERNEL_STRIDE_MULTIPLE));
    this.#tail = this.#stride - this.#head;
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
    const floats = this.#floats.subarray(slot * dims, (slot + 1) * dims);
    floats.set(vector);
    normalise(floats);
    const quantised = new Int8Array(this.#stride);
    const q = quantise(floats, quantised, INT8_MAX, this.#head);
    const bytes = this.#kernel.bytes();
    bytes.set(new Uint8Array(quantised.buffer, 0, this.#head), this.#headOffset() + slot * this.#head);
    bytes.set(new Uint8Array(quantised.buffer, this.#head, this.#tail), this.#tailOffset() + slot * this.#tail);
    const row = slot * ROW_FIELDS;
    this.#rows[row + ROW_INVERSE_SCALE] = q.inverseScale;
    this.#rows[row + ROW_RESIDUAL] = q.residual;
    this.#rows[row + ROW_HEAD_RESIDUAL] = q.headResidual;
    this.#rows[row + ROW_TAIL_NORM] = q.tailNorm;
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
      this.#floats.copyWithin(slot * dims, last * dims, (last + 1) * dims);
      const bytes = this.#kernel.bytes();
      const head = this.#headOffset();
      bytes.copyWithin(head + slot * this.#head, head + last * this.#head, head + (last + 1) * this.#head);
      const tail = this.#tailOffset();
      bytes.copyWithin(tail + slot * this.#tail, tail + last * this.#tail, tail + (last + 1) * this.#tail);
      this.#rows.copyWithin(slot * ROW_FIELDS, last * ROW_FIELDS, (last + 1) * ROW_FIELDS);
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
   * `minSimilarity` and `expiresAt > now`, or null. Exact: the int8 scans only rule rows out
   * when their bound proves they cannot reach `minSimilarity`.
   */
  nearest(query: Float32Array, minSimilarity: number, now: number): VectorMatch | null {
    this.#checkLength(query, 'the query vector');
    const count = this.#size;
    if (count === 0) return null;
    const unitQuery = Float32Array.from(query);
    normalise(unitQuery);
    const q = quantise(unitQuery, new Int16Array(this.#kernel.bytes().buffer, 0, this.#stride), QUERY_MAX, this.#head);
    const headScoresOffset = this.#tailOffset() + this.#capacity * this.#tail;
    const tailScoresOffset = headScoresOffset + this.#capacity * 4;
    this.#kernel.dot(0, this.#headOffset(), count, this.#head, this.#head, headScoresOffset);
    let headScores = new Int32Array(this.#kernel.bytes().buffer, headScoresOffset, count);
    const rows = this.#rows;
    const survivors = this.#survivors;
    let survivorCount = -1;

    if (this.#tail > 0) {
      // Head of q.x <= approx + |q_h . (x_h - x_h')| + |(q_h - q_h') . x_h'|
      //            <= approx + |q_h| r_xh + r_qh (1 + r_xh)   (|x_h| <= 1)
      // and the tail q_t . x_t <= |q_t| |x_t|.
      const scale = q.inverseScale;
      const headSlack = q.headNorm + q.headResidual;
      const tailNorm = q.tailNorm;
      const needed = minSimilarity - q.headResidual - BOUND_EPSILON;
      const limit = Math.max(64, Math.floor(count * MAX_SURVIVOR_SHARE));
      survivorCount = 0;
      for (let slot = 0, row = 0; slot < count; slot++, row += ROW_FIELDS) {
        const bound =
          headScores[slot]! * scale * rows[row + ROW_INVERSE_SCALE]! +
          headSlack * rows[row + ROW_HEAD_RESIDUAL]! +
          tailNorm * rows[row + ROW_TAIL_NORM]!;
        if (bound < needed) continue;
        if (survivorCount === limit) {
          survivorCount = -1;
          break;
        }
        survivors[survivorCount++] = slot;
      }
    }

    if (survivorCount < 0) {
      // Whole rows: q.x <= approx + r_x + r_q (1 + r_x).
      if (this.#tail > 0) this.#kernel.dot(this.#head * 2, this.#tailOffset(), count, this.#tail, this.#tail, tailScoresOffset);
      const bytes = this.#kernel.bytes();
      headScores = new Int32Array(bytes.buffer, headScoresOffset, count);
      const tailScores = new Int32Array(bytes.buffer, tailScoresOffset, this.#tail > 0 ? count : 0);
      const hasTail = this.#tail > 0;
      const scale = q.inverseScale;
      const slack = 1 + q.residual;
      const needed = minSimilarity - q.residual - BOUND_EPSILON;
      survivorCount = 0;
      for (let slot = 0, row = 0; slot < count; slot++, row += ROW_FIELDS) {
        const score = headScores[slot]! + (hasTail ? tailScores[slot]! : 0);
        if (score * scale * rows[row + ROW_INVERSE_SCALE]! + slack * rows[row + ROW_RESIDUAL]! >= needed) {
          survivors[survivorCount++] = slot;
        }
      }
    }
    return this.#bestOf(unitQuery, survivors, survivorCount, minSimilarity, now);
  }

  #bestOf(unitQuery: Float32Array, slots: Int32Array, slotCount: number, minSimilarity: number, now: number): VectorMatch | null {
    const dims = this.dimensions;
    const floats = this.#floats;
    const expiresAt = this.#expiresAt;
    let bestSlot = -1;
    let bestSimilarity = -Infinity;
    for (let i = 0; i < slotCount; i++) {
      const slot = slots[i]!;
      if (expiresAt[slot]! <= now) continue;
      let exact = 0;
      for (let j = 0, o = slot * dims; j < dims; j++, o++) exact += unitQuery[j]! * floats[o]!;
      if (exact >= minSimilarity && exact > bestSimilarity) {
        bestSimilarity = exact;
        bestSlot = slot;
      }
    }
    return bestSlot < 0 ? null : { id: this.#ids[bestSlot]!, similarity: Math.min(1, bestSimilarity) };
  }

  // Kernel memory: the int16 query (2 bytes per padded dimension), the head matrix, the tail
  // matrix, then two int32 score arrays. All offsets stay multiples of 64.
  #headOffset(): number {
    return this.#stride * 2;
  }

  #tailOffset(capacity = this.#capacity): number {
    return this.#headOffset() + capacity * this.#head;
  }

  #grow(capacity: number): void {
    const oldTail = this.#tailOffset();
    const newTail = this.#tailOffset(capacity);
    this.#kernel.reserve(newTail + capacity * this.#tail + capacity * 8);
    // The tail matrix moves up to make room for more heads; the scores after it are scratch.
    const bytes = this.#kernel.bytes();
    bytes.copyWithin(newTail, oldTail, oldTail + this.#size * this.#tail);
    this.#floats = resized(this.#floats, capacity * this.dimensions);
    this.#rows = resized(this.#rows, capacity * ROW_FIELDS);
    this.#expiresAt = resized(this.#expiresAt, capacity);
    this.#survivors = new Int32Array(capacity);
    this.#capacity = capacity;
  }

  #checkLength(vector: Float32Array, what: string): void {
    if (vector.length !== this.dimensions) {
      throw new AppError('bad_request', `Cannot use ${what}: it has ${vector.length} dimensions, the cache index holds ${this.dimensions}`);
    }
  }
}

const roundUp = (value: number, multiple: number): number => Math.max(multiple, Math.ceil(value / multiple) * multiple);

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
  /** Norm of what rounding lost, over all dimensions and over the first `head`. */
  residual: number;
  headResidual: number;
  /** Norms of the vector's first `head` dimensions and of the rest. */
  headNorm: number;
  tailNorm: number;
}

/**
 * Writes round(x * scale) into `target` (zero-padding the rest), with scale = max / max|x|.
 * Rounding is floor(v + 0.5) (as Math.round); the residuals measure exactly what it lost.
 */
function quantise(vector: Float32Array, target: Int8Array | Int16Array, max: number, head: number): Quantised {
  const length = vector.length;
  let largest = 0;
  let headSquares = 0;
  let tailSquares = 0;
  for (let j = 0; j < length; j++) {
    const value = vector[j]!;
    const magnitude = value < 0 ? -value : value;
    if (magnitude > largest) largest = magnitude;
    if (j < head) headSquares += value * value;
    else tailSquares += value * value;
  }
  target.fill(0);
  if (largest === 0) {
    return { inverseScale: 0, residual: 0, headResidual: 0, headNorm: 0, tailNorm: 0 };
  }
  const scale = max / largest;
  const inverseScale = 1 / scale;
  let headLost = 0;
  let tailLost = 0;
  for (let j = 0; j < length; j++) {
    const value = vector[j]!;
    const rounded = Math.floor(value * scale + 0.5);
    target[j] = rounded;
    const difference = value - rounded * inverseScale;
    if (j < head) headLost += difference * difference;
    else tailLost += difference * difference;
  }
  return {
    inverseScale,
    residual: Math.sqrt(headLost + tailLost),
    headResidual: Math.sqrt(headLost),
    headNorm: Math.sqrt(headSquares),
    tailNorm: Math.sqrt(tailSquares),
  };
}
