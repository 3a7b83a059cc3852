import type { Logger } from 'pino';
import { z } from 'zod';
import { requests, type ParsedParams, type RequestResult } from '../../shared/contract.ts';
import { REQUEST_NAMES, type RequestName } from '../../shared/contract-names.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { isAppError } from '../core/errors.ts';
import type { RefusalLog } from '../adapters/logging/refusal-log.ts';

/** Who is calling: one Electron window or one WebSocket connection. */
export interface CallContext {
  clientId: string;
}

export type Handlers = {
  [N in RequestName]: (
    params: ParsedParams<N>,
    context: CallContext,
  ) => RequestResult<N> | Promise<RequestResult<N>>;
};

export type Dispatch = (method: string, params: unknown, context: CallContext) => Promise<Result<unknown>>;

const isRequestName = (method: string): method is RequestName =>
  (REQUEST_NAMES as readonly string[]).includes(method);

/**
 * The single entry point both hosts call: parses the arguments, runs the handler, parses the
 * result, and turns every failure into a contract error. It never throws. A request refused
 * (an AppError) is logged through `refusals`: a window sending audio 50 times a second into a
 * voice that is not its own is one line per interval, not fifty a second.
 */
export function createDispatch(handlers: Handlers, logger: Logger, refusals: RefusalLog): Dispatch {
  return async (method, rawParams, context) => {
    if (!isRequestName(method)) return fail('unknown_method', `unknown method "${String(method).slice(0, 64)}"`);
    const contract = requests[method];
    const params = contract.params.safeParse(rawParams);
    if (!params.success) {
      return fail('bad_request', `invalid arguments for ${method}: ${z.prettifyError(params.error)}`);
    }
    try {
      const handler = handlers[method] as (params: unknown, context: CallContext) => unknown;
      const value = await handler(params.data, context);
      const result = contract.result.safeParse(value);
      if (!result.success) {
        logger.error({ code: 'invalid_result', method, issues: result.error.issues.length }, `handler ${method} returned an invalid result`);
        return fail('internal', `${method} produced an invalid result; see the log`);
      }
      return ok(result.data);
    } catch (error) {
      if (isAppError(error)) {
        refusals.refused(error.code, { method }, error.message, `${error.code}:${method}`);
        return fail(error.code, error.message);
      }
      logger.error({ code: 'internal', method, err: error }, `${method} failed`);
      return fail('internal', `${method} failed: ${(error as Error)?.message ?? String(error)}`);
    }
  };
}
