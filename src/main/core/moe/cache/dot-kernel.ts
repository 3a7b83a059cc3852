// Int8 dot products for the cache's vector index, as a WebAssembly SIMD kernel assembled here
// (about 500 bytes, so there is no build step or binary file), with a plain JavaScript fallback
// for runtimes without SIMD. Scanning 100,000 int8 rows of 256 dimensions takes a few
// milliseconds this way; the same scan over float32 in JavaScript takes 60-100 ms.

/** Row length in bytes must be a multiple of this (the kernel reads 64 int8 per step). */
export const KERNEL_STRIDE_MULTIPLE = 64;

export interface Int8DotKernel {
  readonly simd: boolean;
  readonly memory: WasmMemory | null;
  /** Current bytes of the memory the offsets below refer to. */
  bytes(): Uint8Array;
  /** Ensures at least `byteLength` bytes of memory; views taken before may be detached. */
  reserve(byteLength: number): void;
  /**
   * out[i] = sum_{j < length} query[j] * rows[i * strideBytes + j], for i < rowCount: the first
   * `length` dimensions of each row (a multiple of 64, at most strideBytes).
   * `queryOffset`: the query as Int16 (2 * length bytes); `rowsOffset`: Int8 rows; `outOffset`:
   * Int32 results. All offsets are byte offsets, 16-byte aligned.
   */
  dot(queryOffset: number, rowsOffset: number, rowCount: number, length: number, strideBytes: number, outOffset: number): void;
  /**
   * As `dot`, for the rows listed: out[i] = sum_{j < length} query[j] * rows[list[i] * strideBytes + j],
   * for i < count. `listOffset`: Int32 row numbers.
   */
  dotListed(queryOffset: number, rowsOffset: number, listOffset: number, count: number, length: number, strideBytes: number, outOffset: number): void;
}
const WASM_PAGE = 65_536;

// The Node typings this project compiles against do not declare WebAssembly (it lives in the DOM
// lib), so the few members used are typed here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmModule {
  readonly kind?: never;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

export function createInt8DotKernel(options: { simd?: boolean } = {}): Int8DotKernel {
  const module = options.simd === false ? null : compileKernel();
  return module === null ? scalarKernel() : simdKernel(module);
}

function simdKernel(module: WasmModule): Int8DotKernel {
  const memory = new wasm!.Memory({ initial: 1 });
  const instance = new wasm!.Instance(module, { env: { memory } });
  const dot = instance.exports.dot as (q: number, m: number, n: number, length: number, stride: number, out: number) => void;
  const dotListed = instance.exports.dotListed as (q: number, m: number, list: number, n: number, length: number, stride: number, out: number) => void;
  return {
    simd: true,
    memory,
    bytes: () => new Uint8Array(memory.buffer),
    reserve(byteLength) {
      const missing = byteLength - memory.buffer.byteLength;
      if (missing > 0) memory.grow(Math.ceil(missing / WASM_PAGE));
    },
    dot: (q, m, n, length, stride, out) => dot(q, m, n, length, stride, out),
    dotListed: (q, m, list, n, length, stride, out) => dotListed(q, m, list, n, length, stride, out),
  };
}

function scalarKernel(): Int8DotKernel {
  let buffer = new ArrayBuffer(WASM_PAGE);
  return {
    simd: false,
    memory: null,
    bytes: () => new Uint8Array(buffer),
    reserve(byteLength) {
      if (byteLength <= buffer.byteLength) return;
      const next = new ArrayBuffer(Math.max(byteLength, buffer.byteLength * 2));
      new Uint8Array(next).set(new Uint8Array(buffer));
      buffer = next;
    },
    dot(queryOffset, rowsOffset, rowCount, length, strideBytes, outOffset) {
      const query = new Int16Array(buffer, queryOffset, length);
      const rows = new Int8Array(buffer, rowsOffset, rowCount * strideBytes);
      const out = new Int32Array(buffer, outOffset, rowCount);
      for (let i = 0, o = 0; i < rowCount; i++, o += strideBytes) out[i] = dotAt(query, rows, o, length);
    },
    dotListed(queryOffset, rowsOffset, listOffset, count, length, strideBytes, outOffset) {
      const query = new Int16Array(buffer, queryOffset, length);
      const rows = new Int8Array(buffer, rowsOffset);
      const list = new Int32Array(buffer, listOffset, count);
      const out = new Int32Array(buffer, outOffset, count);
      for (let i = 0; i < count; i++) out[i] = dotAt(query, rows, list[i]! * strideBytes, length);
    },
  };
}

function dotAt(query: Int16Array, rows: Int8Array, offset: number, length: number): number {
  let sum = 0;
  for (let j = 0; j < length; j++) sum += query[j]! * rows[offset + j]!;
  return sum;
}

let compiled: WasmModule | null | undefined;

function compileKernel(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  const bytes = kernelBytes();
  compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  return compiled;
}

// --- WebAssembly binary encoding (https://webassembly.github.io/spec/core/binary/) ---

const uleb = (value: number): number[] => {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const low = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return out;
};
const sleb = (value: number): number[] => {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0)) return [...out, low];
    out.push(low | 0x80);
  }
};
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (text: string): number[] => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  tee: (local: number) => [0x22, local],
  i32Const: (value: number) => [0x41, ...sleb(value)],
  i32Load: [0x28, 2, 0],
  i32Store: [0x36, 2, 0],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  simd: (code: number, ...immediates: number[]) => [0xfd, ...uleb(code), ...immediates],
};
const v128Load = (offset: number) => op.simd(0x00, 4, ...uleb(offset));
const v128Zero = op.simd(12, ...new Array<number>(16).fill(0));
const I16X8_EXTEND_LOW_I8X16_S = 135;
const I16X8_EXTEND_HIGH_I8X16_S = 136;
const I32X4_ADD = 174;
const I32X4_DOT_I16X8_S = 186;
const I32X4_EXTRACT_LANE = 27;

function kernelBytes(): Uint8Array {
  // dot(q, m, n, length, stride, out) and dotListed(q, base, list, n, length, stride, out) share
  // one body: for each row, four v128 accumulators over 64 int8 at a time, summed into out.
  const plain = rowLoop({ listed: false });
  const listed = rowLoop({ listed: true });
  const params = (count: number) => [0x60, ...vector(Array.from({ length: count }, () => [I32])), 0];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([params(6), params(7)])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector([[0], [1]])),
    ...section(7, vector([[...name('dot'), 0x00, 0], [...name('dotListed'), 0x00, 1]])),
    ...section(10, vector([[...uleb(plain.length), ...plain], [...uleb(listed.length), ...listed]])),
  ]);
}

/**
 * Without a list, the row pointer M starts at the rows and steps by the stride; with one, each
 * row's M is base + list[i] * stride, the list read from memory as it goes.
 */
function rowLoop({ listed }: { listed: boolean }): number[] {
  // Parameters, then locals: j (byte offset in the row), M (listed: the row's address), row (v128), four accumulators.
  const [Q, BASE, LIST] = [0, 1, 2];
  const [N, LENGTH, STRIDE, OUT] = listed ? [3, 4, 5, 6] : [2, 3, 4, 5];
  const J = listed ? 7 : 6;
  const M = listed ? 8 : BASE;
  const [ROW, A0, A1, A2, A3] = listed ? [9, 10, 11, 12, 13] : [7, 8, 9, 10, 11];
  // Multiply 16 int8 of the row at m + j + offset by 16 int16 of the query at q + 2 (j + offset).
  const step = (acc: number, offset: number) => [
    ...op.get(M), ...op.get(J), ...op.i32Add, ...v128Load(offset), ...op.set(ROW),
    ...op.get(acc),
    ...op.get(ROW), ...op.simd(I16X8_EXTEND_LOW_I8X16_S),
    ...op.get(Q), ...op.get(J), ...op.i32Const(1), ...op.i32Shl, ...op.i32Add, ...v128Load(offset * 2),
    ...op.simd(I32X4_DOT_I16X8_S), ...op.simd(I32X4_ADD),
    ...op.get(ROW), ...op.simd(I16X8_EXTEND_HIGH_I8X16_S),
    ...op.get(Q), ...op.get(J), ...op.i32Const(1), ...op.i32Shl, ...op.i32Add, ...v128Load(offset * 2 + 16),
    ...op.simd(I32X4_DOT_I16X8_S), ...op.simd(I32X4_ADD),
    ...op.set(acc),
  ];
  const lane = (i: number) => [...op.get(A0), ...op.simd(I32X4_EXTRACT_LANE, i)];
  const rowStart = listed
    ? [...op.get(BASE), ...op.get(LIST), ...op.i32Load, ...op.get(STRIDE), ...op.i32Mul, ...op.i32Add, ...op.set(M),
       ...op.get(LIST), ...op.i32Const(4), ...op.i32Add, ...op.set(LIST)]
    : [];
  const nextRow = listed ? [] : [...op.get(M), ...op.get(STRIDE), ...op.i32Add, ...op.set(M)];
  return [
    ...vector(listed ? [[2, I32], [5, V128]] : [[1, I32], [5, V128]]),
    ...op.block, ...op.loop,
    ...op.get(N), ...op.i32Eqz, ...op.brIf(1),
    ...rowStart,
    ...v128Zero, ...op.set(A0), ...v128Zero, ...op.set(A1), ...v128Zero, ...op.set(A2), ...v128Zero, ...op.set(A3),
    ...op.i32Const(0), ...op.set(J),
    ...op.loop,
    ...step(A0, 0), ...step(A1, 16), ...step(A2, 32), ...step(A3, 48),
    ...op.get(J), ...op.i32Const(64), ...op.i32Add, ...op.tee(J), ...op.get(LENGTH), ...op.i32LtU, ...op.brIf(0),
    ...op.end,
    ...op.get(A0), ...op.get(A1), ...op.simd(I32X4_ADD), ...op.get(A2), ...op.get(A3), ...op.simd(I32X4_ADD),
    ...op.simd(I32X4_ADD), ...op.set(A0),
    ...op.get(OUT),
    ...lane(0), ...lane(1), ...op.i32Add, ...lane(2), ...op.i32Add, ...lane(3), ...op.i32Add,
    ...op.i32Store,
    ...op.get(OUT), ...op.i32Const(4), ...op.i32Add, ...op.set(OUT),
    ...nextRow,
    ...op.get(N), ...op.i32Const(1), ...op.i32Sub, ...op.set(N),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.end,
  ];
}
