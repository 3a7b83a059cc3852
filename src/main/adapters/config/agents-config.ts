import { z } from 'zod';
import { createGeneralLlmAgent } from '../../core/agents/general-llm-agent.ts';
import { createCalculatorAgent } from '../../core/agents/specialists/calculator-agent.ts';
import { createClockAgent } from '../../core/agents/specialists/clock-agent.ts';
import { createDateCalculatorAgent } from '../../core/agents/specialists/date-calculator-agent.ts';
import type { Agent } from '../../core/moe/agent.ts';
import type { ChatModel } from '../../ports/chat-model.ts';
import { OPEN_METEO_FORECAST_URL, OPEN_METEO_GEOCODING_URL } from '../http/open-meteo-client.ts';
import { createWeatherAgent } from '../http/weather-agent.ts';
import { loadLayeredFiles } from './config-files.ts';
import type { LayeredConfig } from './layered-config.ts';

// config/agents.yaml: the specialists, keyed by name. A map rather than a list so the user's file
// can change one field of one agent (layers merge key by key; lists would replace each other).
// The built-in agents are always present underneath, so a broken file leaves the app on defaults.

export const AGENT_KINDS = ['clock', 'calculator', 'date_calculator', 'general_llm', 'weather'] as const;
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

const LocalAgentSchema = (kind: 'clock' | 'calculator' | 'date_calculator') =>
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
  [LocalAgentSchema('clock'), LocalAgentSchema('calculator'), LocalAgentSchema('date_calculator'), GeneralLlmAgentSchema, WeatherAgentSchema],
  { error: () => `kind must be one of ${AGENT_KINDS.join(', ')}` },
);
export type AgentEntry = z.infer<typeof AgentEntrySchema>;

/** Agents that exist unless a file disables them; each file entry is merged over these. */
export const BUILT_IN_AGENTS: Readonly<Record<string, AgentKind>> = {
  clock: 'clock',
  calculator: 'calculator',
  date_calculator: 'date_calculator',
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

export interface AgentDeps {
  /** Null when no key and no local server are configured; the LLM agent is then left out. */
  chatModel: ChatModel | null;
  fetch?: typeof fetch;
}

export interface UnavailableAgent {
  name: string;
  kind: AgentKind;
  /** In words a user can act on. */
  reason: string;
}

export interface AgentSetup {
  agents: Agent[];
  /** Prior weight of each built agent, by name. */
  weights: Record<string, number>;
  timeoutsMs: Record<string, number>;
  /** Enabled in config but not built, and why. Disabled agents are simply absent. */
  unavailable: UnavailableAgent[];
}

export function createAgents(config: AgentsConfig, deps: AgentDeps): AgentSetup {
  const setup: AgentSetup = { agents: [], weights: {}, timeoutsMs: {}, unavailable: [] };
  for (const [name, entry] of Object.entries(config.agents)) {
    if (!entry.enabled) continue;
    const agent = buildAgent(name, entry, deps);
    if (typeof agent === 'string') {
      setup.unavailable.push({ name, kind: entry.kind, reason: agent });
      continue;
    }
    setup.agents.push({
      ...agent,
      name,
      provider: entry.provider,
      description: entry.description ?? agent.description,
      examples: [...agent.examples, ...entry.examples.filter((example) => !agent.examples.includes(example))],
    });
    setup.weights[name] = entry.weight;
    setup.timeoutsMs[name] = entry.timeoutMs;
  }
  return setup;
}

/** The agent, or the reason it cannot be built. */
function buildAgent(name: string, entry: AgentEntry, deps: AgentDeps): Agent | string {
  switch (entry.kind) {
    case 'clock':
      return createClockAgent();
    case 'calculator':
      return createCalculatorAgent();
    case 'date_calculator':
      return createDateCalculatorAgent();
    case 'general_llm':
      if (!deps.chatModel) {
        return 'general questions need a language model: set an OpenAI API key, or point the OpenAI base URL at a local OpenAI-compatible server (Ollama, llama.cpp, LocalAI)';
      }
      return createGeneralLlmAgent({
        chatModel: deps.chatModel,
        name,
        temperature: entry.temperature,
        maxTokens: entry.maxTokens,
        historyTurns: entry.historyTurns,
        ...(entry.model ? { model: entry.model } : {}),
        ...(entry.systemPrompt ? { systemPrompt: entry.systemPrompt } : {}),
      });
    case 'weather':
      return createWeatherAgent({
        name,
        geocodingBaseUrl: entry.geocodingBaseUrl,
        forecastBaseUrl: entry.forecastBaseUrl,
        units: entry.units,
        // Geocoding and forecast run one after the other inside the agent's time budget.
        timeoutMs: Math.max(50, Math.floor(entry.timeoutMs / 2)),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
  }
}
