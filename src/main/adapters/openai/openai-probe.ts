import type { ProviderFault } from '../../../shared/provider-fault.ts';
import { faultStatus } from '../../core/language/provider-faults.ts';
import { createOpenAiClient, type OpenAiConnection } from './openai-client.ts';
import { toAppError } from './openai-errors.ts';

// Whether an OpenAI-compatible server answers, by asking it for its models (GET /models): the
// cheapest request every such server serves, and the list Settings offers to pick from.

/** `error` says the fault as the reply to a question would (core/language/provider-faults.ts). */
export type ProbeResult = { reachable: true; models: string[]; ms: number } | { reachable: false; error: string; fault: ProviderFault | null; ms: number };

const PROBE_TIMEOUT_MS = 4000;

export async function probeOpenAi(connection: OpenAiConnection, signal?: AbortSignal): Promise<ProbeResult> {
  const started = performance.now();
  const client = createOpenAiClient({ ...connection, maxRetries: 0 }, PROBE_TIMEOUT_MS);
  try {
    const models: string[] = [];
    for await (const model of client.models.list({ signal })) {
      models.push(model.id);
      if (models.length >= 500) break;
    }
    return { reachable: true, models: models.sort(), ms: Math.round(performance.now() - started) };
  } catch (error) {
    const failure = toAppError(error, 'listing the models', connection.baseURL);
    return { reachable: false, error: failure.fault ? faultStatus(failure.fault) : failure.message, fault: failure.fault ?? null, ms: Math.round(performance.now() - started) };
  }
}
