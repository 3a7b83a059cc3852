import type { SetTimer } from '../moe/execution/executor.ts';
import type { Tool, ToolContext } from './tool.ts';

// Runs tool calls: arguments parsed as JSON and checked by the tool's schema, several calls at
// once, each bounded by its timeout and by the run's signal. A failure of any kind becomes a
// result the model can read ("error: ..."), never a thrown turn.

export interface ToolCallInput {
  id: string;
  name: string;
  /** JSON text, as the model sent it. */
  arguments: string;
}

export interface ToolCallResult {
  id: string;
  name: string;
  ok: boolean;
  /** What goes back to the model. */
  output: string;
  /** ok false: why, in words. */
  error: string | null;
  startedAt: number;
  endedAt: number;
}

export interface ToolRunnerOptions {
  tools: ReadonlyMap<string, Tool>;
  clock: { now(): number };
  setTimer: SetTimer;
  defaultTimeoutMs: number;
}

/** Results in the calls' order, whatever order they finish in. */
export function runToolCalls(calls: readonly ToolCallInput[], context: Omit<ToolContext, 'signal' | 'now'> & { signal: AbortSignal }, options: ToolRunnerOptions): Promise<ToolCallResult[]> {
  return Promise.all(calls.map((call) => runOne(call, context, options)));
}

async function runOne(call: ToolCallInput, context: Omit<ToolContext, 'signal' | 'now'> & { signal: AbortSignal }, options: ToolRunnerOptions): Promise<ToolCallResult> {
  const startedAt = options.clock.now();
  const done = (ok: boolean, output: string, error: string | null): ToolCallResult => ({ id: call.id, name: call.name, ok, output, error, startedAt, endedAt: options.clock.now() });
  const tool = options.tools.get(call.name);
  if (!tool) return done(false, `error: there is no tool "${call.name}"`, `no tool "${call.name}"`);

  let raw: unknown;
  try {
    raw = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch {
    return done(false, 'error: the arguments are not valid JSON', 'arguments are not valid JSON');
  }
  const parsed = tool.parameters.safeParse(raw);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ');
    return done(false, `error: invalid arguments (${problem})`, `invalid arguments: ${problem}`);
  }

  const timeoutMs = tool.timeoutMs ?? options.defaultTimeoutMs;
  const controller = new AbortController();
  const onAbort = () => controller.abort(context.signal.reason);
  if (context.signal.aborted) return done(false, 'error: cancelled', 'cancelled');
  context.signal.addEventListener('abort', onAbort, { once: true });
  let cancelTimer = () => {};
  const timedOut = new Promise<'timeout'>((resolve) => {
    cancelTimer = options.setTimer(() => {
      // Settled before the abort, so the race reads a timeout rather than a cancel.
      resolve('timeout');
      controller.abort(new DOMException(`tool timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
  });
  const cancelled = new Promise<'cancelled'>((resolve) => controller.signal.addEventListener('abort', () => resolve('cancelled'), { once: true }));
  try {
    const outcome = await Promise.race([tool.run(parsed.data, { ...context, signal: controller.signal, now: startedAt }), timedOut, cancelled]);
    if (outcome === 'timeout') return done(false, `error: ${call.name} did not answer within ${timeoutMs} ms`, `timed out after ${timeoutMs} ms`);
    if (outcome === 'cancelled' || controller.signal.aborted) return done(false, 'error: cancelled', 'cancelled');
    return done(true, outcome, null);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return done(false, `error: ${message}`, message);
  } finally {
    cancelTimer();
    context.signal.removeEventListener('abort', onAbort);
  }
}
