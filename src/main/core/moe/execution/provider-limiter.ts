/**
 * Per-provider concurrency and rate limits, as the executor sees them. An implementation runs `task`
 * when the provider has room, passing a signal that aborts when `signal` does; if `signal` aborts
 * while the task waits, the task never runs and the promise rejects with `signal.reason`. Once
 * `signal` aborts, the task's slot may be given to the next one even if the task ignores its signal.
 */
export interface ProviderLimiter {
  schedule<T>(provider: string, task: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T>;
}

/** No limits: every task starts at once. For tests and for providers that need none. */
export const unlimitedLimiter: ProviderLimiter = {
  schedule<T>(_provider: string, task: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return task(signal);
  },
};
