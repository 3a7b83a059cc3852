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

const AbstentionSchema = z.object({ abstained: z.literal(true), reason: z.string().trim().min(1, 'an abstention needs a reason') });

export type OutputCheck = { kind: 'answer'; output: AgentOutput } | { kind: 'abstained'; reason: string } | { kind: 'malformed'; error: string };

/** Validates what an agent returned; the error reads "malformed output: <field>: <problem>; ...". */
export function checkAgentOutput(value: unknown): OutputCheck {
  if (typeof value === 'object' && value !== null && 'abstained' in value) {
    const abstention = AbstentionSchema.safeParse(value);
    if (abstention.success) return { kind: 'abstained', reason: abstention.data.reason };
    return { kind: 'malformed', error: `malformed output: ${abstention.error.issues.map((issue) => issue.message).join('; ')}` };
  }
  const parsed = AgentOutputSchema.safeParse(value);
  if (parsed.success) return { kind: 'answer', output: parsed.data };
  const problems = parsed.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  return { kind: 'malformed', error: `malformed output: ${problems.join('; ')}` };
}
