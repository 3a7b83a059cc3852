import type { TurnTrace } from '../../../shared/trace.ts';
import type { TraceSink } from '../../ports/trace-sink.ts';

export interface TraceSinkFailure {
  /** The sink's `name`, or its position ("sink 2") when it has none. */
  sink: string;
  traceId: string;
  error: unknown;
}

export interface TraceSinkFanOut extends TraceSink {
  /** Hands the trace to every sink and returns at once; never throws, whatever the sinks do. */
  record(trace: TurnTrace): void;
  /** Resolves when every record started so far has finished in every sink (for shutdown and tests). */
  settled(): Promise<void>;
}

/**
 * One sink that records into several. A sink that throws or rejects is reported through `onError`
 * and affects neither the other sinks nor the turn, which does not wait for slow sinks either.
 * Sinks share the trace object and must not modify it.
 */
export function createTraceSinks(
  options: { onError: (failure: TraceSinkFailure) => void },
  ...sinks: TraceSink[]
): TraceSinkFanOut {
  const pending = new Set<Promise<void>>();
  const report = (failure: TraceSinkFailure) => {
    try {
      options.onError(failure);
    } catch {
      // A broken error reporter must not break the turn either.
    }
  };

  return {
    name: 'fan-out',
    record(trace) {
      sinks.forEach((sink, index) => {
        const failed = (error: unknown) =>
          report({ sink: sink.name ?? `sink ${index + 1}`, traceId: trace.id, error });
        let result: void | Promise<void>;
        try {
          result = sink.record(trace);
        } catch (error) {
          failed(error);
          return;
        }
        if (result !== undefined) {
          const settled = Promise.resolve(result).then(() => {}, failed).finally(() => pending.delete(settled));
          pending.add(settled);
        }
      });
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
