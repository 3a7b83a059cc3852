import { createGeneralLlmAgent } from '../core/experts/general-llm-agent.ts';
import { createCalculatorAgent } from '../core/experts/specialists/calculator-agent.ts';
import { createClockAgent } from '../core/experts/specialists/clock-agent.ts';
import { createDateCalculatorAgent } from '../core/experts/specialists/date-calculator-agent.ts';
import { createSmallTalkAgent } from '../core/experts/specialists/small-talk-agent.ts';
import { createTimersAgent } from '../core/experts/specialists/timers-agent.ts';
import type { TimerBook } from '../ports/timer-book.ts';
import type { Agent } from '../core/moe/agent.ts';
import type { ChatModel } from '../ports/chat-model.ts';
import type { AgentEntry, AgentKind, AgentsConfig } from '../adapters/config/experts-config.ts';
import { createOpenMeteoClient } from '../adapters/open-meteo/open-meteo-client.ts';
import { createWeatherAgent } from '../core/experts/weather/weather-agent.ts';

// The MoE's experts built from config/agents.yaml (parsed by adapters/config/experts-config.ts).

export interface AgentDeps {
  /** Null when no key and no local server are configured; the LLM agent is then left out. */
  chatModel: ChatModel | null;
  /** Where timers, alarms and reminders are kept (the host's store); without it there are none. */
  timers?: { book: TimerBook; newId: () => string };
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
    case 'timers':
      if (!deps.timers) return 'timers, alarms and reminders need the app (they are kept in its store and go off while it runs)';
      return createTimersAgent(deps.timers);
    case 'small_talk':
      return createSmallTalkAgent({ modelConfigured: deps.chatModel !== null });
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
        units: entry.units,
        source: createOpenMeteoClient({
          geocodingBaseUrl: entry.geocodingBaseUrl,
          forecastBaseUrl: entry.forecastBaseUrl,
          // Geocoding and forecast run one after the other inside the agent's time budget.
          timeoutMs: Math.max(50, Math.floor(entry.timeoutMs / 2)),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        }),
      });
  }
}
