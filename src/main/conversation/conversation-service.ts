import type { Logger } from 'pino';
import type { ConfigError, ConversationStatus, TurnChunk } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import type { TurnTrace } from '../../shared/trace.ts';
import { loadConversationConfig } from '../adapters/config/conversation-config.ts';
import { createAgentRegistry } from '../core/agents/agent-definition.ts';
import { createHandoffService } from '../core/agents/handoff-service.ts';
import type { Scenario } from '../core/agents/scenario.ts';
import { createConversationEngine, type ConversationEngine, type EngineEvent } from '../core/conversation/conversation-engine.ts';
import { selectHistory, type HistoryMessage } from '../core/conversation/history-window.ts';
import { memoryForScenario, type SessionMemory } from '../core/conversation/session-memory.ts';
import { AppError } from '../core/errors.ts';
import type { SetTimer } from '../core/moe/execution/executor.ts';
import { builtInTools } from '../core/tools/built-in-tools.ts';
import type { Tool } from '../core/tools/tool.ts';
import type { ChatModel } from '../ports/chat-model.ts';
import type { Clock } from '../ports/clock.ts';
import type { SessionMemoryStore } from '../ports/session-memory-store.ts';
import type { SessionStore, TurnRecord } from '../ports/session-store.ts';
import type { MoeService } from '../host/moe-service.ts';
import { systemTimeZone } from '../adapters/system/system-time-zone.ts';

// One conversation, typed or spoken: the session store is its only history, session memory says
// who the user talks to, and the engine runs each turn for the active agent. Typed turns are
// stored when they end; spoken ones when the runtime knows what the user heard of the answer.
// Memory, turns and traces are written after the final chunk has gone out, never before it.

export interface AskResult {
  turnId: string;
  answer: string;
  trace: TurnTrace;
}

/** What a spoken run ended with, from the Cascade runtime. */
export interface SpokenTurn {
  turnId: string;
  query: string;
  /** The whole answer (it stays on the trace). */
  answer: string;
  /** What the user heard of it: the whole answer unless interrupted. */
  heard: string;
  interrupted: boolean;
  startedAt: number;
}

export interface ConversationServiceOptions {
  configDir: string;
  dataDir: string;
  moe: MoeService;
  sessions: SessionStore;
  memories: SessionMemoryStore;
  clock: Clock;
  setTimer: SetTimer;
  logger: Logger;
  /** Runs a task after the current one (setImmediate): writes that must not delay the answer. */
  defer: (task: () => void) => void;
  onChunk: (chunk: TurnChunk) => void;
  onTrace: (trace: TurnTrace) => void;
  /** Extra tools (timers, call control) beside the built-in ones. */
  tools?: Tool[];
}

export interface ConversationService {
  ask(sessionId: string, text: string, signal?: AbortSignal): Promise<AskResult>;
  /** A spoken turn's events; the memory and trace are written once it ends, the turns by `recordSpoken`. */
  spokenTurn(sessionId: string, query: string, options: { signal: AbortSignal }): AsyncIterable<EngineEvent>;
  /** Stores a spoken exchange as it was heard. */
  recordSpoken(sessionId: string, turn: SpokenTurn): void;
  /** The session's memory as it is now (restored from the store after a restart). */
  memory(sessionId: string): SessionMemory;
  status(): ConversationStatus;
  configErrors(): ConfigError[];
  /** New settings or keys: rebuilds the agents, the scenario and the engine. */
  reconfigure(settings: Settings): void;
}

const TOOL_TIMEOUT_MS = 10_000;
const MAX_HANDOFFS_PER_TURN = 2;

export function createConversationService(settings: Settings, options: ConversationServiceOptions): ConversationService {
  const { logger, clock, sessions, memories } = options;
  let current = settings;
  let engine: ConversationEngine;
  let scenario: Scenario;
  let scenarios: Scenario[] = [];
  let agentTitles = new Map<string, string>();
  let errors: ConfigError[] = [];
  const tools = new Map<string, Tool>([...builtInTools(), ...(options.tools ?? [])].map((tool) => [tool.name, tool]));

  function build(next: Settings): void {
    current = next;
    const config = loadConversationConfig(options.configDir, options.dataDir);
    errors = [...config.errors];
    for (const error of config.errors) logger.warn({ code: 'config_invalid', ...error }, `${error.file} ${error.field ?? ''}: ${error.message}`);
    scenarios = config.scenarios;
    const chosen = config.scenarios.find((candidate) => candidate.name === next.conversation.scenario);
    if (!chosen) {
      errors.push({ file: 'settings.yaml', line: null, column: null, field: 'conversation.scenario', message: `no scenario "${next.conversation.scenario}"; using the desktop assistant` });
    }
    scenario = chosen ?? config.scenarios.find((candidate) => candidate.name === 'desktop') ?? builtInScenario();
    const definitions = config.agents.some((agent) => agent.name === 'assistant') ? config.agents : [...config.agents, builtInAssistant()];
    const agents = createAgentRegistry(definitions);
    agentTitles = new Map(definitions.map((agent) => [agent.name, agent.title]));
    const chatModel: ChatModel | null = options.moe.chatModel();
    engine = createConversationEngine({
      agents,
      handoffs: createHandoffService(scenario, agents),
      moe: { processStream: (query, context) => (context.voiceMode ? options.moe.voiceOrchestrator() : options.moe.orchestrator()).processStream(query, context) },
      chatModel,
      tools,
      clock,
      setTimer: options.setTimer,
      newId: () => crypto.randomUUID(),
      toolTimeoutMs: TOOL_TIMEOUT_MS,
      maxHandoffsPerTurn: MAX_HANDOFFS_PER_TURN,
      languageSwitchAfter: current.conversation.languageSwitchAfter,
    });
    logger.info({ code: 'conversation_ready', scenario: scenario.name, agents: scenario.agents, llm: chatModel !== null }, `scenario ${scenario.name} ready`);
  }
  build(settings);

  function memory(sessionId: string): SessionMemory {
    let stored: SessionMemory | null = null;
    try {
      stored = memories.get(sessionId);
    } catch (error) {
      logger.warn({ code: 'memory_unreadable', sessionId, err: error }, 'session memory could not be read; starting it over');
    }
    return memoryForScenario(stored, scenario, clock.now());
  }

  function history(sessionId: string): HistoryMessage[] {
    const turns = sessions.listTurns(sessionId).map((turn) => ({ role: turn.role, text: turn.text, interrupted: turn.interrupted }));
    return selectHistory(turns, { maxMessages: current.conversation.historyMessages, maxTokens: current.conversation.historyTokens });
  }

  function runTurn(sessionId: string, query: string, voiceMode: boolean, signal: AbortSignal): AsyncIterable<EngineEvent> {
    if (!sessions.getSession(sessionId)) throw new AppError('not_found', `no session ${sessionId}; start one first`);
    return engine.runTurn({
      query,
      sessionId,
      memory: memory(sessionId),
      history: history(sessionId),
      vars: { assistant_name: current.assistant.name, user_name: null, language: current.assistant.language },
      voiceMode,
      timeZone: systemTimeZone(clock.now()),
      locale: current.assistant.language,
      signal,
    });
  }

  /**
   * After the final chunk has gone out: the memory and, for a typed turn, the exchange at once (a
   * follow-up asked at once sees them; a spoken turn's exchange comes by `recordSpoken`, as heard);
   * the trace once the orchestrator's deferred writes are done, stored and pushed.
   */
  function afterTurn(sessionId: string, final: Extract<EngineEvent, { type: 'final' }>, exchange?: () => void): Promise<TurnTrace> {
    const writeNow = () => {
      try {
        memories.put(sessionId, final.memory);
      } catch (error) {
        logger.warn({ code: 'memory_not_stored', sessionId, err: error }, 'session memory not stored');
      }
      exchange?.();
    };
    // A spoken turn's stream is closed after its final, so even these wait for the next tick.
    if (exchange) writeNow();
    else options.defer(writeNow);
    return final.settled.then((trace) => {
      try {
        options.moe.recordTrace(trace);
      } catch (error) {
        logger.warn({ code: 'trace_not_stored', sessionId, traceId: trace.id, err: error }, 'trace not stored');
      }
      logTurn(logger, sessionId, trace);
      options.onTrace(trace);
      return trace;
    });
  }

  function appendExchange(sessionId: string, turn: SpokenTurn): void {
    const endedAt = clock.now();
    const question: TurnRecord = { id: `${turn.turnId}:user`, sessionId, runId: turn.turnId, role: 'user', text: turn.query, startedAt: turn.startedAt, endedAt: turn.startedAt, interrupted: false };
    // Cut off before a word of the answer was heard: the question alone is the record.
    if (turn.heard.trim() === '') return sessions.appendTurn(question);
    sessions.appendTurns([question, { id: `${turn.turnId}:assistant`, sessionId, runId: turn.turnId, role: 'assistant', text: turn.heard, startedAt: turn.startedAt, endedAt, interrupted: turn.interrupted }]);
  }

  return {
    async ask(sessionId, text, signal = new AbortController().signal) {
      const startedAt = clock.now();
      let final: Extract<EngineEvent, { type: 'final' }> | null = null;
      for await (const event of runTurn(sessionId, text, false, signal)) {
        if (event.type === 'partial') {
          options.onChunk({ turnId: event.turnId, sessionId, agent: event.agent, text: event.text, confidence: event.confidence, final: false });
        } else if (event.type === 'final') {
          final = event;
          options.onChunk({ turnId: event.turnId, sessionId, agent: null, text: event.text, confidence: null, final: true });
        }
      }
      if (!final) throw new AppError(signal.aborted ? 'unavailable' : 'internal', signal.aborted ? 'the question was cancelled' : 'the turn ended without an answer');
      const done = final;
      const trace = await afterTurn(sessionId, done, () => {
        try {
          appendExchange(sessionId, { turnId: done.trace.id, query: text, answer: done.text, heard: done.text, interrupted: false, startedAt });
        } catch (error) {
          logger.warn({ code: 'turn_not_stored', sessionId, err: error }, 'typed turn not stored');
        }
      });
      return { turnId: done.trace.id, answer: done.text, trace };
    },
    async *spokenTurn(sessionId, query, { signal }) {
      for await (const event of runTurn(sessionId, query, true, signal)) {
        if (event.type === 'final') void afterTurn(sessionId, event);
        yield event;
      }
    },
    recordSpoken(sessionId, turn) {
      try {
        appendExchange(sessionId, turn);
      } catch (error) {
        logger.warn({ code: 'turn_not_stored', sessionId, runId: turn.turnId, err: error }, 'voice turn not stored');
      }
    },
    memory,
    status: () => ({
      scenario: scenario.name,
      scenarios: scenarios.map(({ name, title, description }) => ({ name, title, description })),
      agents: scenario.agents.map((name) => ({ name, title: agentTitles.get(name) ?? name })),
      startAgent: scenario.startAgent,
    }),
    configErrors: () => errors,
    reconfigure: build,
  };
}

/** The desktop assistant, when no scenario file could be read: one agent through the MoE. */
function builtInScenario(): Scenario {
  return { name: 'desktop', title: 'Desktop assistant', description: 'One assistant answering through the built-in experts.', startAgent: 'assistant', agents: ['assistant'], handoffs: [] };
}

function builtInAssistant() {
  return {
    name: 'assistant',
    title: 'Assistant',
    description: 'Answers through the built-in experts.',
    engine: 'moe' as const,
    instructions: 'You are {{assistant_name}}, a desktop voice assistant.',
    greeting: null,
    returnGreeting: null,
    model: null,
    voice: null,
    tools: [],
    experts: null,
  };
}

function logTurn(logger: Logger, sessionId: string, trace: TurnTrace): void {
  logger.info(
    {
      code: 'turn_finished',
      sessionId,
      runId: trace.id,
      totalMs: trace.totalMs,
      cacheHit: trace.cache.hit,
      agent: trace.conversation?.agent ?? null,
      handoffs: trace.conversation?.handoffs.length ?? 0,
      tools: trace.conversation?.tools.length ?? 0,
      experts: trace.agents.map((agent) => `${agent.agent}:${agent.status}`),
      errors: trace.errors.length,
    },
    'turn finished',
  );
}
