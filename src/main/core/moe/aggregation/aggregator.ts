import type { AggregationTrace, Conflict, Provenance } from '../../../../shared/trace.ts';

// Tier 3 as the orchestrator sees it: agents' answers in, one answer with its trace out.

export interface AgentAnswer {
  agent: string;
  text: string;
  /** 0..1, the agent's own. */
  confidence: number;
  /** Agent prior, default 1. */
  weight?: number;
}

export interface Synthesis {
  text: string;
  strategy: AggregationTrace['strategy'];
  /** Normalised weight per agent (sum 1 over those that took part; 0 for dropped ones). */
  weights: Record<string, number>;
  conflicts: Conflict[];
  provenance: Provenance[];
  /** 0..1; see quality.ts for the formula. */
  quality: number;
  /** Estimated time to speak `text` in voice mode; null otherwise. */
  speakingTimeMs: number | null;
  /** What went wrong on the way (e.g. the LLM failed and the extractive answer was used). */
  error: string | null;
}

export interface AggregateRequest {
  query: string;
  answers: AgentAnswer[];
  voiceMode: boolean;
  signal?: AbortSignal;
  /** What the user has already been told of this answer (the lead-in); the synthesis continues it. */
  said?: string;
  /**
   * Sentences of the synthesis as they are written (LLM synthesis streams), shaped as `shape`
   * would; the final text contains each of them.
   */
  onSentence?: (sentence: string) => void;
}

export interface Aggregator {
  /** Never rejects: failures degrade to a simpler strategy and are reported in `error`. */
  aggregate(request: AggregateRequest): Promise<Synthesis>;
  /** An answer's text as the synthesis would phrase it (spoken style in voice mode). */
  shape(text: string, voiceMode: boolean): string;
}
