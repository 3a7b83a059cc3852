import { z } from 'zod';
import type { AgentOutput } from '../agent.ts';

const tokenCount = z.number().int().nonnegative().optional();

/** What an agent must return; unknown extra fields are dropped. */
export const AgentOutputSchema = z.object({
  text: z.string(),
  confidence: z.number().min(0).max(1),
  data: z.unknown().optional(),
  inputTokens: tokenCount,
  outputTokens: tokenCount,
  costUsd: z.number().nonnegative().optional(),
});

export type OutputCheck = { ok: true; output: AgentOutput } | { ok: false; error: string };

/** Validates what an agent returned; the error reads "malformed output: <field>: <problem>; ...". */
export function checkAgentOutput(value: unknown): OutputCheck {
  const parsed = AgentOutputSchema.safeParse(value);
  if (parsed.success) return { ok: true, output: parsed.data };
  const problems = parsed.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  return { ok: false, error: `malformed output: ${problems.join('; ')}` };
}
