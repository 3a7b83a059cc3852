import { SpanStatusCode, type Attributes, type SpanStatus } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ERROR_TYPE_VALUE_OTHER } from '@opentelemetry/semantic-conventions';
// The GenAI names live in the incubating entry point: in 1.45 they are marked deprecated only
// because the GenAI conventions moved to their own repository (semantic-conventions-genai); the
// names themselves are current there. `gen_ai.provider.name` replaces the older `gen_ai.system`.
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
} from '@opentelemetry/semantic-conventions/incubating';
import type { AgentTrace, AggregationTrace, CacheTrace, RoutingTrace, TurnTrace } from '../../../shared/trace.ts';

/** `gen_ai.workflow.name` of every turn: low-cardinality, as the convention asks. */
export const WORKFLOW_NAME = 'moe_orchestrator';

/** One span to emit, in epoch milliseconds; `parent` indexes an earlier plan (null for the root). */
export interface SpanPlan {
  name: string;
  parent: number | null;
  startMs: number;
  endMs: number;
  attributes: Attributes;
  status: SpanStatus;
  events: { name: string; atMs: number; attributes: Attributes }[];
}

export interface SpanPlanOptions {
  /**
   * Record the query and answer as `gen_ai.input.messages` / `gen_ai.output.messages` and the
   * conflicting values on conflict events. Off by default: they are the user's words.
   */
  captureContent?: boolean;
}

const OK: SpanStatus = { code: SpanStatusCode.UNSET };
const failed = (message: string): SpanStatus => ({ code: SpanStatusCode.ERROR, message });

/**
 * The span tree of one turn, root first: `invoke_workflow moe_orchestrator` with children for the
 * cache lookup, routing, one `invoke_agent {agent}` per agent run, and aggregation.
 */
export function planTurnSpans(trace: TurnTrace, options: SpanPlanOptions = {}): SpanPlan[] {
  const at = (offsetMs: number) => trace.startedAt + offsetMs;
  const conversation: Attributes = trace.sessionId === null ? {} : { [ATTR_GEN_AI_CONVERSATION_ID]: trace.sessionId };
  const root: SpanPlan = {
    name: `${GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW} ${WORKFLOW_NAME}`,
    parent: null,
    startMs: trace.startedAt,
    endMs: at(trace.totalMs),
    attributes: defined({
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
      [ATTR_GEN_AI_WORKFLOW_NAME]: WORKFLOW_NAME,
      ...conversation,
      'moe.turn.id': trace.id,
      'moe.voice_mode': trace.voiceMode,
      'moe.cache.hit': trace.cache.hit,
      'moe.agents': trace.agents.map((run) => run.agent),
      'moe.errors': trace.errors.length > 0 ? trace.errors : undefined,
      ...(options.captureContent ? contentAttributes(trace) : {}),
    }),
    // The turn always answers; failures of its parts show on their own spans.
    status: OK,
    events: [],
  };
  const plans: SpanPlan[] = [root];
  const child = (body: SpanBody, part: { startAtMs: number; endAtMs: number }, events: SpanPlan['events'] = []) =>
    plans.push({ ...body, parent: 0, startMs: at(part.startAtMs), endMs: at(part.endAtMs), events });

  if (trace.cache.checked) child(cacheSpan(trace.cache), trace.cache);
  if (trace.routing !== null) child(routingSpan(trace.routing), trace.routing);
  for (const run of trace.agents) child(agentSpan(run, trace.routing, conversation), run);
  const aggregation = trace.aggregation;
  if (aggregation !== null) {
    child(aggregationSpan(aggregation), aggregation, conflictEvents(aggregation, at(aggregation.endAtMs), options));
  }
  return plans;
}

type SpanBody = Pick<SpanPlan, 'name' | 'attributes' | 'status'>;

function cacheSpan(cache: CacheTrace): SpanBody {
  return {
    name: 'moe.cache.lookup',
    attributes: defined({
      'moe.cache.hit': cache.hit,
      'moe.cache.similarity': cache.similarity ?? undefined,
      'moe.cache.entry_id': cache.entryId ?? undefined,
      'moe.cache.note': cache.note ?? undefined,
    }),
    status: OK,
  };
}

function routingSpan(routing: RoutingTrace): SpanBody {
  return {
    name: 'moe.route',
    attributes: defined({
      // The hybrid strategy asked the LLM classifier; the others never called a model.
      [ATTR_GEN_AI_OPERATION_NAME]: routing.strategy === 'hybrid' ? GEN_AI_OPERATION_NAME_VALUE_CHAT : undefined,
      'moe.route.strategy': routing.strategy,
      'moe.route.selected': routing.selected,
      // Parallel arrays: the candidate at index i scored scores[i].
      'moe.route.candidates': routing.candidates.map((candidate) => candidate.agent),
      'moe.route.scores': routing.candidates.map((candidate) => candidate.score),
      'moe.route.explanation': routing.explanation,
      [ATTR_ERROR_TYPE]: routing.error === null ? undefined : ERROR_TYPE_VALUE_OTHER,
    }),
    status: routing.error === null ? OK : failed(routing.error),
  };
}

function agentSpan(run: AgentTrace, routing: RoutingTrace | null, conversation: Attributes): SpanBody {
  const candidate = routing?.candidates.find((c) => c.agent === run.agent);
  // An abstention is the agent declining, not a fault: its span is OK, its status says why.
  const succeeded = run.status === 'success' || run.status === 'abstained';
  return {
    name: `${GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT} ${run.agent}`,
    attributes: defined({
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
      [ATTR_GEN_AI_AGENT_NAME]: run.agent,
      [ATTR_GEN_AI_PROVIDER_NAME]: run.provider,
      ...conversation,
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: run.inputTokens ?? undefined,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: run.outputTokens ?? undefined,
      // Low cardinality, as error.type must be: the run's status, `_OTHER` for a plain failure.
      [ATTR_ERROR_TYPE]: succeeded ? undefined : run.status === 'error' ? ERROR_TYPE_VALUE_OTHER : run.status,
      'moe.agent.status': run.status,
      'moe.agent.abstained': run.status === 'abstained' ? (run.error ?? true) : undefined,
      'moe.agent.confidence': run.confidence ?? undefined,
      'moe.agent.cost_usd': run.costUsd ?? undefined,
      'moe.agent.depends_on': run.dependsOn.length > 0 ? run.dependsOn : undefined,
      'moe.route.score': candidate?.score,
    }),
    status: succeeded ? OK : failed(run.error ?? `agent ${run.status}`),
  };
}

function aggregationSpan(aggregation: AggregationTrace): SpanBody {
  return {
    name: 'moe.aggregate',
    attributes: defined({
      // LLM synthesis is a chat call; extractive, single and majority never call a model.
      [ATTR_GEN_AI_OPERATION_NAME]: aggregation.strategy === 'llm' ? GEN_AI_OPERATION_NAME_VALUE_CHAT : undefined,
      'moe.aggregation.strategy': aggregation.strategy,
      'moe.aggregation.quality': aggregation.quality,
      'moe.aggregation.conflicts': aggregation.conflicts.length,
      // Attribute values cannot be maps: the weights as a JSON object text.
      'moe.aggregation.weights': JSON.stringify(aggregation.weights),
      'moe.aggregation.speaking_time_ms': aggregation.speakingTimeMs ?? undefined,
      [ATTR_ERROR_TYPE]: aggregation.error === null ? undefined : ERROR_TYPE_VALUE_OTHER,
    }),
    status: aggregation.error === null ? OK : failed(aggregation.error),
  };
}

function conflictEvents(aggregation: AggregationTrace, atMs: number, options: SpanPlanOptions): SpanPlan['events'] {
  return aggregation.conflicts.map((conflict) => ({
    name: 'moe.conflict',
    atMs,
    attributes: {
      'moe.conflict.kind': conflict.kind,
      'moe.conflict.agents': conflict.agents,
      'moe.conflict.resolution': conflict.resolution,
      ...(options.captureContent ? { 'moe.conflict.values': conflict.values, 'moe.conflict.resolved_to': conflict.resolvedTo } : {}),
    },
  }));
}

/** The GenAI message JSON schema: one user message in, one assistant message out. */
function contentAttributes(trace: TurnTrace): Attributes {
  return {
    [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: trace.query }] }]),
    [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
      { role: 'assistant', parts: [{ type: 'text', content: trace.answer }], finish_reason: 'stop' },
    ]),
  };
}

function defined(attributes: Record<string, Attributes[string]>): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}
