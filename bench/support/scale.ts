// The smoke run (`bench/run.ts --smoke`, or BENCH_SMOKE=1) runs every bench with counts small
// enough for `npm test`: it checks that each bench still runs and gives every figure it promises,
// not how fast anything is. Its figures are not measurements.

export const smoke = process.env.BENCH_SMOKE === '1';

/** `full` in a real run, `small` in the smoke run. */
export const sized = <T>(full: T, small: T): T => (smoke ? small : full);
