import { z } from 'zod';
import { AppError, isAppError } from '../../errors.ts';
import type { ChatMessage, ChatModel } from '../../../ports/chat-model.ts';
import type { AgentProfile } from '../agent.ts';
import {
  abortedError,
  describeFallback,
  describeScores,
  fallbackSelection,
  format,
  selectTop,
  toCandidates,
  type RouteDecision,
  type RouteRequest,
  type Router,
  type ScoredAgent,
} from './router.ts';

export interface ClassifierRouterOptions {
  /** Defaults to the chat model's own. */
  model?: string;
  /** Low: the same query should score the same. */
  temperature: number;
  maxTokens: number;
  fallbackAgent: string | null;
  traceCandidates: number;
}

export const DEFAULT_CLASSIFIER_ROUTER_OPTIONS: ClassifierRouterOptions = {
  temperature: 0,
  maxTokens: 400,
  fallbackAgent: null,
  traceCandidates: 5,
};

const ClassifierReplySchema = z.object({
  scores: z.record(z.string(), z.number().min(0).max(1)),
});

const SYSTEM_PROMPT = [
  'You route a user request to specialist agents.',
  'Score how well each listed agent can answer the request: 0 = not at all, 1 = exactly its job.',
  'Reply with one JSON object and nothing else: {"scores": {"<agent name>": <number 0..1>, ...}} with every listed agent.',
].join(' ');

/**
 * Routes by asking a chat model (JSON mode) to score the agents. Any failure (transport error,
 * timeout or abort, a reply that is not the expected JSON) rejects with an AppError; the hybrid
 * router records it and falls back to the embedding scores.
 */
export class ClassifierRouter implements Router {
  readonly options: ClassifierRouterOptions;
  private readonly chat: ChatModel;
  private readonly profiles = new Map<string, AgentProfile>();
  private lastExplanation = 'No query has been routed yet.';

  constructor(chat: ChatModel, agents: readonly AgentProfile[] = [], options: Partial<ClassifierRouterOptions> = {}) {
    this.chat = chat;
    this.options = { ...DEFAULT_CLASSIFIER_ROUTER_OPTIONS, ...options };
    for (const agent of agents) this.register(agent);
  }

  register(agent: AgentProfile): void {
    this.profiles.set(agent.name, agent);
  }

  remove(name: string): void {
    this.profiles.delete(name);
  }

  agents(): AgentProfile[] {
    return [...this.profiles.values()];
  }

  /** The model's 0..1 score for each named agent (unknown names are skipped; unscored agents get 0). */
  async scoreAgents(query: string, names: readonly string[], signal?: AbortSignal): Promise<Map<string, number>> {
    const candidates = names.map((name) => this.profiles.get(name)).filter((agent): agent is AgentProfile => agent !== undefined);
    if (candidates.length === 0) return new Map();
    const aborted = abortedError(signal);
    if (aborted) throw new AppError('unavailable', `classifier ${aborted}`, { retryable: true });
    let text: string;
    try {
      const reply = await untilAborted(
        this.chat.complete({
          messages: buildMessages(query, candidates),
          ...(this.options.model !== undefined ? { model: this.options.model } : {}),
          temperature: this.options.temperature,
          maxTokens: this.options.maxTokens,
          responseFormat: 'json_object',
          ...(signal ? { signal } : {}),
        }),
        signal,
      );
      text = reply.text;
    } catch (error) {
      if (isAppError(error)) throw new AppError(error.code, `classifier: ${error.message}`, { retryable: error.retryable, cause: error });
      throw new AppError('unavailable', `classifier failed: ${(error as Error)?.message ?? String(error)}`, { retryable: true, cause: error });
    }
    return parseScores(text, candidates.map((agent) => agent.name));
  }

  async route(request: RouteRequest): Promise<RouteDecision> {
    const names = [...this.profiles.keys()].filter((name) => !request.only || request.only.includes(name));
    const scores = await this.scoreAgents(request.query, names, request.signal);
    const scored: ScoredAgent[] = names.map((agent) => {
      const score = scores.get(agent) ?? 0;
      return { agent, embeddingScore: 0, classifierScore: score, score };
    });
    const selected = selectTop(scored, request.k, request.minConfidence);
    const fallback = selected.length > 0 ? [] : fallbackSelection(this.options.fallbackAgent, names);
    // The trace has no classifier-only strategy: a classifier-only decision is a hybrid with
    // embedding weight 0.
    const decision: RouteDecision =
      selected.length > 0
        ? {
            strategy: 'hybrid',
            candidates: toCandidates(scored, selected, this.options.traceCandidates),
            selected,
            explanation: `Classifier scores only (embedding weight 0), top ${request.k} at or above ${format(request.minConfidence)}: selected ${selected.join(', ')}. Scores: ${describeScores(scored)}.`,
            error: null,
          }
        : {
            strategy: 'fallback',
            candidates: toCandidates(scored, fallback, this.options.traceCandidates),
            selected: fallback,
            explanation: describeFallback(this.options.fallbackAgent, fallback, request.minConfidence, [...scored].sort((a, b) => b.score - a.score)[0]),
            error: null,
          };
    this.lastExplanation = `Query ${JSON.stringify(request.query)}: ${decision.explanation}`;
    return decision;
  }

  explain(): string {
    return this.lastExplanation;
  }
}

function buildMessages(query: string, agents: readonly AgentProfile[]): ChatMessage[] {
  const list = agents
    .map((agent) => {
      const capabilities = agent.capabilities.length > 0 ? ` Capabilities: ${agent.capabilities.join('; ')}.` : '';
      return `- ${agent.name}: ${agent.description}${capabilities}`;
    })
    .join('\n');
  // The request is quoted as a JSON string so that text inside it reads as data, not instructions.
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `Agents:\n${list}\n\nRequest: ${JSON.stringify(query)}` },
  ];
}

/** Validates the model's reply; throws AppError('unavailable') when it is not the expected JSON. */
export function parseScores(text: string, names: readonly string[]): Map<string, number> {
  const body = text.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new AppError('unavailable', `classifier reply is not JSON: ${preview(text)}`, { retryable: true });
  }
  const parsed = ClassifierReplySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'reply'}: ${issue.message}` : 'unexpected shape';
    throw new AppError('unavailable', `classifier reply has the wrong shape (${where}): ${preview(text)}`, { retryable: true });
  }
  const scores = new Map<string, number>();
  for (const name of names) {
    const score = parsed.data.scores[name];
    if (score !== undefined) scores.set(name, score);
  }
  if (scores.size === 0) throw new AppError('unavailable', `classifier scored none of the agents asked about: ${preview(text)}`, { retryable: true });
  return scores;
}

const preview = (text: string): string => JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);

/** Settles with `promise`, or rejects as soon as `signal` aborts even if the model ignores it. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AppError('unavailable', abortedError(signal) ?? 'was cancelled', { retryable: true }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
