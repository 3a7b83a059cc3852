import PQueue from 'p-queue';
import { z } from 'zod';
import type { ProviderLimiter } from '../../core/moe/execution/provider-limiter.ts';

/** Limits of one provider; a missing field means no limit of that kind. */
export const ProviderLimitSchema = z.object({
  /** Agents of this provider running at the same time. */
  maxConcurrency: z.number().int().positive().optional(),
  /** Agent starts in any 60-second window (a sliding window, as APIs count them). */
  requestsPerMinute: z.number().int().positive().optional(),
});
export type ProviderLimit = z.infer<typeof ProviderLimitSchema>;

export const ProviderLimitsConfigSchema = z.object({
  /** Agents running at the same time across all providers; none when left out. */
  maxTotalConcurrency: z.number().int().positive().optional(),
  /** For every provider not listed in `providers`, and for fields a listed provider leaves out. */
  default: ProviderLimitSchema.default({}),
  providers: z.record(z.string(), ProviderLimitSchema).default({}),
});
export type ProviderLimitsConfig = z.input<typeof ProviderLimitsConfigSchema>;

export interface ProviderLoad {
  running: number;
  waiting: number;
}

export interface PQueueProviderLimiter extends ProviderLimiter {
  /** What the provider's queue holds now; zeros for a provider never used. */
  load(provider: string): ProviderLoad;
  /** The limits in force for a provider, defaults filled in. */
  limitsOf(provider: string): ProviderLimit;
}

const MINUTE_MS = 60_000;

/**
 * Experts that run in this process (the local skills): their work is this thread's own, so a slot
 * or a rate would only queue them behind each other (at 200 concurrent sessions the shipped limit of
 * 60,000 a minute, 1,000 a second, capped a host at 200 questions a second, each asking five skills)
 * and cost a queue's bookkeeping on every turn.
 */
export const IN_PROCESS_PROVIDER = 'local';

/**
 * One p-queue per provider, created on first use. A task whose signal aborts while it waits is
 * removed and never runs; one that aborts while running frees its slot at once, even if it ignores
 * the signal, so a hanging agent cannot block its provider after the executor gave up on it.
 */
export function createPQueueProviderLimiter(config: ProviderLimitsConfig = {}): PQueueProviderLimiter {
  const { default: defaults, providers, maxTotalConcurrency } = ProviderLimitsConfigSchema.parse(config);
  const queues = new Map<string, PQueue>();
  // Taken after the provider's slot, so a task waiting for a busy provider holds no global slot.
  const total = maxTotalConcurrency === undefined ? null : new PQueue({ concurrency: maxTotalConcurrency });

  const limitsOf = (provider: string): ProviderLimit => ({ ...defaults, ...withoutUndefined(providers[provider] ?? {}) });

  const queueOf = (provider: string): PQueue => {
    let queue = queues.get(provider);
    if (!queue) {
      const { maxConcurrency, requestsPerMinute } = limitsOf(provider);
      queue = new PQueue({
        concurrency: maxConcurrency ?? Number.POSITIVE_INFINITY,
        ...(requestsPerMinute === undefined ? {} : { interval: MINUTE_MS, intervalCap: requestsPerMinute, strict: true }),
      });
      queues.set(provider, queue);
    }
    return queue;
  };

  return {
    schedule<T>(provider: string, task: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
      if (provider === IN_PROCESS_PROVIDER) return signal.aborted ? Promise.reject(signal.reason) : task(signal);
      const limited = total
        ? (providerSignal: AbortSignal) => total.add(({ signal: taskSignal }) => task(taskSignal ?? providerSignal), { signal: providerSignal })
        : task;
      return queueOf(provider).add(({ signal: taskSignal }) => limited(taskSignal ?? signal), { signal });
    },
    load(provider) {
      const queue = queues.get(provider);
      return queue ? { running: queue.pending, waiting: queue.size } : { running: 0, waiting: 0 };
    },
    limitsOf,
  };
}

function withoutUndefined(limit: ProviderLimit): ProviderLimit {
  return Object.fromEntries(Object.entries(limit).filter(([, value]) => value !== undefined)) as ProviderLimit;
}
