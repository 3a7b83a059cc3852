import { describe, expect, it } from 'vitest';
import { createInt8DotKernel } from './dot-kernel.ts';
import { seededRandom } from '../../seeded-random.ts';

describe.each([true, false])('int8 dot kernel (SIMD: %s)', (simd) => {
  it('computes every row, and the rows a list names in its order, as a plain loop does', () => {
    const random = seededRandom(3);
    const kernel = createInt8DotKernel({ simd });
    expect(kernel.simd).toBe(simd);
    const [length, stride, rows] = [128, 192, 50];
    const [queryAt, rowsAt, listAt, outAt] = [0, 256, 256 + rows * stride, 256 + rows * stride + 256];
    kernel.reserve(outAt + rows * 4);
    const buffer = kernel.bytes().buffer;
    const query = new Int16Array(buffer, queryAt, length);
    const matrix = new Int8Array(buffer, rowsAt, rows * stride);
    for (let j = 0; j < query.length; j++) query[j] = Math.round((random() * 2 - 1) * 16_383);
    for (let j = 0; j < matrix.length; j++) matrix[j] = Math.round((random() * 2 - 1) * 127);
    // Extremes in the first row: no lane may overflow.
    matrix.fill(127, 0, length);
    query.fill(16_383, 0, 16);
    const expected = (row: number) => query.reduce((sum, value, j) => sum + value * matrix[row * stride + j]!, 0);

    kernel.dot(queryAt, rowsAt, rows, length, stride, outAt);
    expect([...new Int32Array(buffer, outAt, rows)]).toEqual(Array.from({ length: rows }, (_, row) => expected(row)));

    const listed = [7, 0, 49, 7, 23];
    new Int32Array(buffer, listAt, listed.length).set(listed);
    kernel.dotListed(queryAt, rowsAt, listAt, listed.length, length, stride, outAt);
    expect([...new Int32Array(buffer, outAt, listed.length)]).toEqual(listed.map(expected));
  });
});
