import { describe, expect, it } from 'vitest';
import type { TurnTrace } from '../../../shared/trace.ts';
import { AppError } from '../../core/errors.ts';
import type { TraceSink } from '../../ports/trace-sink.ts';
import { turnTrace } from './testing/turn-trace-fixture.ts';
import { createTraceSinks, type TraceSinkFailure } from './trace-sinks.ts';

function collecting(name?: string): TraceSink & { seen: string[] } {
  const seen: string[] = [];
  return { ...(name === undefined ? {} : { name }), seen, record: (trace: TurnTrace) => void seen.push(trace.id) };
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createTraceSinks', () => {
  it('records every trace into every sink, in order', () => {
    const first = collecting('first');
    const second = collecting('second');
    const fanOut = createTraceSinks({ onError: () => {} }, first, second);
    fanOut.record(turnTrace({ id: 'a' }));
    fanOut.record(turnTrace({ id: 'b' }));
    expect(first.seen).toEqual(['a', 'b']);
    expect(second.seen).toEqual(['a', 'b']);
  });

  it('reports a sink that throws and still records into the others', () => {
    const failures: TraceSinkFailure[] = [];
    const boom = new AppError('unavailable', 'disk full', { retryable: true });
    const after = collecting('after');
    const fanOut = createTraceSinks(
      { onError: (failure) => failures.push(failure) },
      { name: 'sqlite', record: () => { throw boom; } },
      after,
    );
    expect(() => fanOut.record(turnTrace({ id: 'a' }))).not.toThrow();
    expect(after.seen).toEqual(['a']);
    expect(failures).toEqual([{ sink: 'sqlite', traceId: 'a', error: boom }]);
  });

  it('reports a sink that rejects, without making the caller wait or fail', async () => {
    const failures: TraceSinkFailure[] = [];
    const slow = deferred();
    const fast = collecting();
    const fanOut = createTraceSinks({ onError: (failure) => failures.push(failure) }, { record: () => slow.promise }, fast);

    fanOut.record(turnTrace({ id: 'a' }));
    expect(fast.seen).toEqual(['a']);
    expect(failures).toEqual([]);

    let settled = false;
    const waiting = fanOut.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);

    slow.reject(new Error('exporter offline'));
    await waiting;
    expect(failures).toEqual([{ sink: 'sink 1', traceId: 'a', error: new Error('exporter offline') }]);
  });

  it('waits for asynchronous sinks that succeed', async () => {
    const failures: TraceSinkFailure[] = [];
    const written: string[] = [];
    const fanOut = createTraceSinks(
      { onError: (failure) => failures.push(failure) },
      { name: 'async', record: async (trace) => { await Promise.resolve(); written.push(trace.id); } },
    );
    fanOut.record(turnTrace({ id: 'a' }));
    fanOut.record(turnTrace({ id: 'b' }));
    expect(written).toEqual([]);
    await fanOut.settled();
    expect(written).toEqual(['a', 'b']);
    expect(failures).toEqual([]);
    await expect(fanOut.settled()).resolves.toBeUndefined();
  });

  it('survives an error reporter that itself throws', () => {
    const after = collecting();
    const fanOut = createTraceSinks(
      { onError: () => { throw new Error('logger gone'); } },
      { record: () => { throw new Error('first'); } },
      after,
    );
    expect(() => fanOut.record(turnTrace())).not.toThrow();
    expect(after.seen).toEqual(['turn-1']);
  });

  it('records nowhere, quietly, with no sinks', async () => {
    const fanOut = createTraceSinks({ onError: () => { throw new Error('unexpected'); } });
    expect(() => fanOut.record(turnTrace())).not.toThrow();
    await expect(fanOut.settled()).resolves.toBeUndefined();
  });
});
