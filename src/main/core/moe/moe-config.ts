import { z } from 'zod';

// config/moe_orchestrator.yaml, and config/moe_realtime_voice.yaml layered over it for voice.
// Every field has a default, so a broken file falls back field by field (see layered-config.ts).

const ProviderLimitSchema = z.object({
  maxConcurrency: z.number().int().min(1).max(64),
  requestsPerMinute: z.number().int().min(1).max(100_000),
});

export const MoeConfigSchema = z.object({
  router: z
    .object({
      embeddingWeight: z.number().min(0).max(1).default(0.4),
      classifierWeight: z.number().min(0).max(1).default(0.6),
      /** How many specialists a query may reach. */
      k: z.number().int().min(1).max(10).default(3),
      /** Agents scoring below this are not selected; nothing above it -> the fallback agent. */
      minConfidence: z.number().min(0).max(1).default(0.3),
      /** An embedding score at or above this skips the LLM classifier. */
      fastPathThreshold: z.number().min(0).max(1).default(0.7),
      fallbackAgent: z.string().min(1).default('general'),
      classifier: z
        .object({
          enabled: z.boolean().default(true),
          model: z.string().min(1).default('gpt-4o-mini'),
          timeoutMs: z.number().int().min(100).max(30_000).default(2000),
        })
        .prefault({}),
    })
    .prefault({}),
  execution: z
    .object({
      maxConcurrency: z.number().int().min(1).max(64).default(8),
      agentTimeoutMs: z.number().int().min(50).max(120_000).default(8000),
      queryDeadlineMs: z.number().int().min(100).max(300_000).default(12_000),
      defaultProviderLimit: ProviderLimitSchema.prefault({ maxConcurrency: 4, requestsPerMinute: 600 }),
      providers: z.record(z.string(), ProviderLimitSchema).default({}),
    })
    .prefault({}),
  synthesis: z
    .object({
      /** auto: the LLM when one is configured, else the offline extractive synthesiser. */
      mode: z.enum(['auto', 'llm', 'extractive']).default('auto'),
      model: z.string().min(1).default('gpt-4o-mini'),
      temperature: z.number().min(0).max(2).default(0.3),
      maxTokens: z.number().int().min(16).max(8192).default(400),
      /** Answers below this confidence do not take part. */
      minConfidence: z.number().min(0).max(1).default(0.2),
    })
    .prefault({}),
  voice: z
    .object({
      /** Short sentences, contractions, no lists or citations, a speaking-time estimate. */
      optimize: z.boolean().default(false),
      wordsPerMinute: z.number().min(80).max(300).default(160),
      /** Spoken turns: the first sentence of the first answer this confident is said before the synthesis. */
      leadIn: z
        .object({
          enabled: z.boolean().default(true),
          minConfidence: z.number().min(0).max(1).default(0.8),
        })
        .prefault({}),
    })
    .prefault({}),
  cache: z
    .object({
      enabled: z.boolean().default(true),
      similarityThreshold: z.number().min(0).max(1).default(0.92),
      ttlMs: z.number().int().min(1000).default(86_400_000),
      maxEntries: z.number().int().min(10).max(1_000_000).default(10_000),
      /** Only answers whose synthesis quality reaches this are stored. */
      qualityBar: z.number().min(0).max(1).default(0.5),
    })
    .prefault({}),
  query: z
    .object({
      maxChars: z.number().int().min(10).max(64 * 1024).default(4000),
    })
    .prefault({}),
  tracing: z
    .object({
      /** OpenTelemetry span exporters; none by default. */
      exporters: z.array(z.enum(['console', 'memory'])).default([]),
    })
    .prefault({}),
});
export type MoeConfig = z.infer<typeof MoeConfigSchema>;
