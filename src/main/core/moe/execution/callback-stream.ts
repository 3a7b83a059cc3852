import { CompletionChannel } from './completion-channel.ts';

type Item<T, R> = { kind: 'value'; value: T } | { kind: 'done'; result: R } | { kind: 'error'; error: unknown };

/**
 * Runs `run` and yields what it emits while it runs, then returns its result (or throws its
 * error). Turns callbacks (an agent's tokens, a synthesis's sentences) into the orchestrator's
 * stream without losing their order. Values emitted after the consumer stopped are dropped.
 */
export async function* streamCallbacks<T, R>(run: (emit: (value: T) => void) => Promise<R>): AsyncGenerator<T, R> {
  const channel = new CompletionChannel<Item<T, R>>();
  let open = true;
  run((value) => {
    if (open) channel.push({ kind: 'value', value });
  }).then(
    (result) => channel.push({ kind: 'done', result }),
    (error: unknown) => channel.push({ kind: 'error', error }),
  );
  try {
    for (;;) {
      const item = await channel.take();
      if (item.kind === 'value') yield item.value;
      else if (item.kind === 'done') return item.result;
      else throw item.error;
    }
  } finally {
    open = false;
  }
}
