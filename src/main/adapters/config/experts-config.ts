import { z } from 'zod';
import { OPEN_METEO_FORECAST_URL, OPEN_METEO_GEOCODING_URL } from '../open-meteo/open-meteo-client.ts';
import { loadLayeredFiles } from './config-files.ts';
import type { LayeredConfig } from './layered-config.ts';

// config/agents.yaml: the MoE's experts, keyed by name (host/experts.ts builds them). A map rather than a list so the user's file
// can change one field of one agent (layers merge key by key; lists would replace each other).
// The built-in agents are always present underneath, so a broken file leaves the app on defaults.

export const AGENT_KINDS = ['clock', 'calculator', 'date_calculator', 'small_talk', 'timers', 'general_llm', 'weather'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

const common = {
  enabled: z.boolean().default(true),
  /** Prior weight of the agent's answers in aggregation. */
  weight: z.number().min(0).max(10).default(1),
  /** Replaces the built-in description the router reads. */
  description: z.string().trim().min(1).max(1000).optional(),
  /** Appended to the built-in example utterances. */
  examples: z.array(z.string().trim().min(1).max(300)).max(500).default([]),
};
const provider = (name: string) => z.string().trim().min(1).max(64).default(name);
const timeout = (ms: number) => z.number().int().min(50).max(120_000).default(ms);

const LocalAgentSchema = (kind: 'clock' | 'calculator' | 'date_calculator' | 'small_talk' | 'timers') =>
  z.object({ kind: z.literal(kind), provider: provider('local'), timeoutMs: timeout(1000), ...common });

const GeneralLlmAgentSchema = z.object({
  kind: z.literal('general_llm'),
  provider: provider('openai'),
  timeoutMs: timeout(20_000),
  /** Defaults to the chat model of the settings (providers.openai.chatModel). */
  model: z.string().trim().min(1).optional(),
  temperature: z.number().min(0).max(2).default(0.5),
  maxTokens: z.number().int().min(16).max(8192).default(400),
  systemPrompt: z.string().trim().min(1).max(4000).optional(),
  /** Earlier turns of the conversation sent with each question. */
  historyTurns: z.number().int().min(0).max(50).default(10),
  ...common,
});

const WeatherAgentSchema = z.object({
  kind: z.literal('weather'),
  provider: provider('open-meteo'),
  timeoutMs: timeout(6000),
  geocodingBaseUrl: z.url({ protocol: /^https?$/ }).default(OPEN_METEO_GEOCODING_URL),
  forecastBaseUrl: z.url({ protocol: /^https?$/ }).default(OPEN_METEO_FORECAST_URL),
  units: z.enum(['auto', 'metric', 'imperial']).default('auto'),
  ...common,
});

export const AgentEntrySchema = z.discriminatedUnion(
  'kind',
  [LocalAgentSchema('clock'), LocalAgentSchema('calculator'), LocalAgentSchema('date_calculator'), LocalAgentSchema('small_talk'), LocalAgentSchema('timers'), GeneralLlmAgentSchema, WeatherAgentSchema],
  { error: () => `kind must be one of ${AGENT_KINDS.join(', ')}` },
);
export type AgentEntry = z.infer<typeof AgentEntrySchema>;

/** Agents that exist unless a file disables them; each file entry is merged over these. */
export const BUILT_IN_AGENTS: Readonly<Record<string, AgentKind>> = {
  clock: 'clock',
  calculator: 'calculator',
  date_calculator: 'date_calculator',
  small_talk: 'small_talk',
  timers: 'timers',
  general: 'general_llm',
  weather: 'weather',
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function withBuiltIns(input: unknown): unknown {
  if (input !== undefined && input !== null && !isPlainObject(input)) return input;
  const declared = input ?? {};
  const merged: Record<string, unknown> = { ...declared };
  for (const [name, kind] of Object.entries(BUILT_IN_AGENTS)) {
    const entry = declared[name];
    if (entry === undefined || entry === null) merged[name] = { kind };
    else if (isPlainObject(entry)) merged[name] = { kind, ...entry };
  }
  return merged;
}

export const AgentsConfigSchema = z.object({
  agents: z.preprocess(
    withBuiltIns,
    z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'agent names are lower-case letters, digits and _'), AgentEntrySchema),
  ),
});
export type AgentsConfig = z.infer<typeof AgentsConfigSchema>;

export const defaultAgentsConfig = (): AgentsConfig => AgentsConfigSchema.parse({});

/** Shipped config/agents.yaml first, then the user's; errors name file, line and field. */
export function loadAgentsConfig(paths: string[]): LayeredConfig<AgentsConfig> {
  return loadLayeredFiles(AgentsConfigSchema, paths);
}
