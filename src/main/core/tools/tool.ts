import { z } from 'zod';

// A tool is a zod schema plus an async function. One registry holds every tool; each agent names
// the ones it may call, and every mode (typed, Cascade, later Live and the phone) offers them to a
// model in the OpenAI tools format and runs the calls the same way.

export interface ToolContext {
  sessionId: string | null;
  /** Aborted when the run is cancelled (barge-in) or the tool's time is up. */
  signal: AbortSignal;
  /** ms since the epoch, from the turn's clock. */
  now: number;
  timeZone: string;
  locale: string;
}

export interface Tool<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** For the model: what it does and when to use it. */
  description: string;
  parameters: Schema;
  /** What the model is told; throw an Error (its message goes back to the model) when it fails. */
  run(args: z.output<Schema>, context: ToolContext): Promise<string>;
  /** Default: the registry's. */
  timeoutMs?: number;
}

/** `defineTool({...})` keeps the schema's type for `run`'s arguments. */
export const defineTool = <Schema extends z.ZodType>(tool: Tool<Schema>): Tool => tool as unknown as Tool;

/** A tool as a chat model is offered it. */
export interface ToolOffer {
  name: string;
  description: string;
  /** JSON schema of the arguments (an object). */
  parameters: Record<string, unknown>;
}

export function toolOffer(tool: Tool): ToolOffer {
  const schema = z.toJSONSchema(tool.parameters, { target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  return { name: tool.name, description: tool.description, parameters: schema };
}
