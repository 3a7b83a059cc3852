import { ProviderFaultSchema } from './provider-fault.ts';
import { z } from 'zod';

// The record of one turn through the orchestrator: stored in SQLite, pushed to the routing and
// trace panels, exported as OpenTelemetry spans. Times are milliseconds; `*AtMs` fields are
// offsets from the turn's start, so a trace reads as a waterfall.

/** `abstained`: the agent declined the question (its reason is the run's `error`); not an answer, not a fault. */
export const AgentRunStatusSchema = z.enum(['success', 'abstained', 'error', 'timeout', 'cancelled']);
export type AgentRunStatus = z.infer<typeof AgentRunStatusSchema>;

export const CacheTraceSchema = z.object({
  checked: z.boolean(),
  hit: z.boolean(),
  /** Similarity of the best entry found, hit or not; null when nothing was compared. */
  similarity: z.number().nullable(),
  entryId: z.string().nullable(),
  /** Why the cache was not used or not written, in words (e.g. "answer depends on the time"). */
  note: z.string().nullable(),
  startAtMs: z.number(),
  endAtMs: z.number(),
});
export type CacheTrace = z.infer<typeof CacheTraceSchema>;

export const RouteCandidateSchema = z.object({
  agent: z.string(),
  embeddingScore: z.number(),
  classifierScore: z.number().nullable(),
  score: z.number(),
  selected: z.boolean(),
});
export type RouteCandidate = z.infer<typeof RouteCandidateSchema>;

export const RoutingTraceSchema = z.object({
  strategy: z.enum(['fast_path', 'hybrid', 'embedding_only', 'fallback']),
  candidates: z.array(RouteCandidateSchema),
  selected: z.array(z.string()),
  /** Self-selecting experts asked besides the router's choice (they abstain when it is not theirs). */
  alsoAsked: z.array(z.string()).optional(),
  explanation: z.string(),
  error: z.string().nullable(),
  startAtMs: z.number(),
  endAtMs: z.number(),
});
export type RoutingTrace = z.infer<typeof RoutingTraceSchema>;

export const AgentTraceSchema = z.object({
  agent: z.string(),
  provider: z.string(),
  dependsOn: z.array(z.string()),
  status: AgentRunStatusSchema,
  error: z.string().nullable(),
  /** What the provider's server or the network did, when that is why it failed. */
  fault: ProviderFaultSchema.nullable().optional(),
  confidence: z.number().nullable(),
  inputTokens: z.number().int().nullable(),
  outputTokens: z.number().int().nullable(),
  costUsd: z.number().nullable(),
  startAtMs: z.number(),
  endAtMs: z.number(),
});
export type AgentTrace = z.infer<typeof AgentTraceSchema>;

export const ConflictSchema = z.object({
  kind: z.enum(['number', 'date', 'yes_no', 'name']),
  agents: z.array(z.string()),
  /** The differing values, one per agent, in the order of `agents`. */
  values: z.array(z.string()),
  resolvedTo: z.string(),
  /** How it was resolved, e.g. "weight 0.62 vs 0.38". */
  resolution: z.string(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const ProvenanceSchema = z.object({
  sentence: z.string(),
  agents: z.array(z.string()),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const AggregationTraceSchema = z.object({
  strategy: z.enum(['llm', 'extractive', 'single', 'majority', 'none']),
  weights: z.record(z.string(), z.number()),
  conflicts: z.array(ConflictSchema),
  provenance: z.array(ProvenanceSchema),
  /** 0..1; answers below the configured bar are not cached. */
  quality: z.number(),
  speakingTimeMs: z.number().nullable(),
  error: z.string().nullable(),
  startAtMs: z.number(),
  endAtMs: z.number(),
});
export type AggregationTrace = z.infer<typeof AggregationTraceSchema>;

/** A spoken turn's latency; every "...Ms" is milliseconds after the end of the user's speech. */
// The fields marked optional were added later; traces stored before lack them.
export const VoiceTimingsSchema = z.object({
  fromSpeech: z.boolean(),
  sttStartMs: z.number().nullable().optional(),
  sttFinalMs: z.number().nullable(),
  /** The orchestrator was asked: the trace's own step offsets count from here. */
  turnStartMs: z.number().nullable().optional(),
  firstTurnChunkMs: z.number().nullable(),
  ttsStartMs: z.number().nullable().optional(),
  firstTtsAudioMs: z.number().nullable(),
  firstAudioSentMs: z.number().nullable(),
  firstAudioPlayedMs: z.number().nullable(),
  /** The last chunk the page played to its end. */
  lastAudioEndedMs: z.number().nullable().optional(),
  /** End of speech to the first audio heard. */
  voiceToVoiceMs: z.number().nullable(),
  /** Time to first result of each provider (TTFT for the turn, TTFB for STT and TTS). */
  providers: z.array(z.object({ kind: z.enum(['stt', 'turn', 'tts']), provider: z.string(), ttfbMs: z.number() })),
  interrupted: z.boolean(),
});
export type VoiceTimings = z.infer<typeof VoiceTimingsSchema>;

/** A tool an agent's model called during the turn. */
export const ToolCallTraceSchema = z.object({
  callId: z.string(),
  name: z.string(),
  agent: z.string(),
  /** The model's arguments (JSON text), cut at 2,000 characters. */
  arguments: z.string(),
  ok: z.boolean(),
  /** What went back to the model, cut at 2,000 characters. */
  result: z.string(),
  error: z.string().nullable(),
  startAtMs: z.number(),
  endAtMs: z.number(),
});
export type ToolCallTrace = z.infer<typeof ToolCallTraceSchema>;

export const HandoffTraceSchema = z.object({
  from: z.string(),
  to: z.string(),
  type: z.enum(['announced', 'discrete']),
  /** tool: the model called it; trigger: a phrase in the user's words (no model needed). */
  via: z.enum(['tool', 'trigger']),
  tool: z.string(),
  reason: z.string().nullable(),
  atMs: z.number(),
});
export type HandoffTrace = z.infer<typeof HandoffTraceSchema>;

/** Which conversational agent answered, how, and what it did on the way. */
export const ConversationTraceSchema = z.object({
  scenario: z.string(),
  /** The agent active when the turn ended (after any handoff). */
  agent: z.string(),
  /** moe: the orchestrator answered; llm: the agent's chat model; handoff: only a greeting. */
  engine: z.enum(['moe', 'llm', 'handoff']),
  tools: z.array(ToolCallTraceSchema),
  handoffs: z.array(HandoffTraceSchema),
});
export type ConversationTrace = z.infer<typeof ConversationTraceSchema>;

/**
 * A question nothing here could answer, and which of these is true: no skill covers it, it needs
 * the network, or it needs a language model (a key or a local server). `nearest`: the skills
 * closest to it, by name.
 */
export const UnansweredSchema = z.object({
  /** provider_failed: the language model was asked and its server failed (`fault` says how). */
  kind: z.enum(['no_skill', 'needs_network', 'needs_model', 'provider_failed']),
  nearest: z.array(z.string()),
  fault: ProviderFaultSchema.optional(),
});
export type Unanswered = z.infer<typeof UnansweredSchema>;

export const TurnTraceSchema = z.object({
  id: z.string(),
  sessionId: z.string().nullable(),
  query: z.string(),
  voiceMode: z.boolean(),
  startedAt: z.number(),
  totalMs: z.number(),
  answer: z.string(),
  cache: CacheTraceSchema,
  routing: RoutingTraceSchema.nullable(),
  agents: z.array(AgentTraceSchema),
  aggregation: AggregationTraceSchema.nullable(),
  /** Problems met on the way; the turn still answered. */
  errors: z.array(z.string()),
  /** Present on spoken turns once the answer has been played (or cut off). */
  voice: VoiceTimingsSchema.nullable().optional(),
  /** The conversational agent that answered; traces stored before agents existed lack it. */
  conversation: ConversationTraceSchema.optional(),
  /** Set when the turn had no answer: what was missing. */
  unanswered: UnansweredSchema.nullable().optional(),
  /** A question in several parts: each part, who answered it, or what was missing. */
  parts: z
    .array(z.object({ query: z.string(), answer: z.string(), agents: z.array(z.string()), unanswered: UnansweredSchema.shape.kind.nullable() }))
    .optional(),
});
export type TurnTrace = z.infer<typeof TurnTraceSchema>;
