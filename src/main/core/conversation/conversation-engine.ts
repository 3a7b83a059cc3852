import { z } from 'zod';
import type { ConversationTrace, ToolCallTrace, TurnTrace } from '../../../shared/trace.ts';
import type { ChatModel } from '../../ports/chat-model.ts';
import type { AgentDefinition, AgentRegistry } from '../agents/agent-definition.ts';
import type { HandoffResolution, HandoffService } from '../agents/handoff-service.ts';
import { runLlmAgentTurn, type LlmAgentTurnOutcome } from '../agents/llm-agent-turn.ts';
import type { SystemVars } from '../agents/system-vars.ts';
import type { SetTimer } from '../moe/execution/executor.ts';
import type { TurnChunkOut, TurnContext } from '../moe/orchestrator-types.ts';
import { defineTool, type Tool } from '../tools/tool.ts';
import type { HistoryMessage } from './history-window.ts';
import { afterHandoff, type SessionMemory } from './session-memory.ts';
import { resolveFollowUp, resultOf } from './follow-ups.ts';
import { detectLanguage } from '../language/detect-language.ts';
import { LANGUAGES, languageOfLocale, localeFor, type Language } from '../language/language.ts';
import { observeLanguage, replyLanguage, startingLanguage } from '../language/session-language.ts';
import { readsAsForeign, toEnglish } from '../language/to-english.ts';
import { faultReply } from '../language/provider-faults.ts';
import { faultOf } from '../errors.ts';

// One conversational turn for whichever agent is active, the same for typed and spoken turns:
// a trigger phrase may hand the conversation over first (works with no model); then an `llm`
// agent answers with its chat model and tools (when a model is configured), any other through the
// MoE orchestrator over its experts. A handoff decided during the turn takes effect at its end:
// an announced target greets, a discrete one answers the same words itself.
//
// Every turn ends with one `final` whose text is exactly the `delta`s before it, joined: a
// consumer that speaks deltas and stores the final never says or keeps anything twice.

export type EngineEvent =
  /** An expert's own answer (MoE turns), for the routing panel; not part of the spoken answer. */
  | { type: 'partial'; turnId: string; agent: string; text: string; confidence: number }
  /** Answer text as it forms. */
  | { type: 'delta'; turnId: string; text: string }
  | { type: 'tool_call'; turnId: string; callId: string; name: string; arguments: string }
  | { type: 'tool_result'; turnId: string; callId: string; name: string; ok: boolean; output: string; durationMs: number }
  | { type: 'handoff'; turnId: string; from: string; to: string; handoffType: 'announced' | 'discrete'; via: 'tool' | 'trigger'; reason: string | null; greeting: string | null }
  /** `settled`: the trace once the orchestrator's deferred writes are done (its cache outcome). */
  | { type: 'final'; turnId: string; text: string; trace: TurnTrace; settled: Promise<TurnTrace>; memory: SessionMemory };

/** The MoE orchestrator as the engine uses it. */
export interface MoeTurns {
  processStream(query: string, context: TurnContext): AsyncIterable<TurnChunkOut>;
}

export interface ConversationEngineDeps {
  agents: AgentRegistry;
  handoffs: HandoffService;
  moe: MoeTurns;
  /** Null: no model configured (offline); `llm` agents then answer through the MoE. */
  chatModel: ChatModel | null;
  tools: ReadonlyMap<string, Tool>;
  clock: { now(): number };
  setTimer: SetTimer;
  newId: () => string;
  toolTimeoutMs: number;
  /** Handoffs one turn may chain (a discrete target answering may hand over again). */
  maxHandoffsPerTurn: number;
  /** Reliable detections of another language in a row before the session's language follows. */
  languageSwitchAfter: number;
}

export interface EngineTurnInput {
  query: string;
  sessionId: string | null;
  memory: SessionMemory;
  /** Oldest first, already windowed. */
  history: readonly HistoryMessage[];
  /** The variables that do not depend on the agent. */
  vars: Pick<SystemVars, 'assistant_name' | 'user_name' | 'language'>;
  voiceMode: boolean;
  timeZone: string;
  locale: string;
  signal: AbortSignal;
}

export function createConversationEngine(deps: ConversationEngineDeps) {
  return { runTurn: (input: EngineTurnInput) => runTurn(deps, input) };
}
export type ConversationEngine = ReturnType<typeof createConversationEngine>;

async function* runTurn(deps: ConversationEngineDeps, input: EngineTurnInput): AsyncGenerator<EngineEvent> {
  const turnId = deps.newId();
  const startedAt = deps.clock.now();
  const at = () => deps.clock.now() - startedAt;
  let memory = input.memory;
  let answer = '';
  let moeTrace: TurnTrace | null = null;
  let moeSettled: Promise<TurnTrace> | null = null;
  const tools: ToolCallTrace[] = [];
  const handoffs: ConversationTrace['handoffs'] = [];
  const errors: string[] = [];
  /** Why an agent's own model gave no answer, when its server failed. */
  let unanswered: TurnTrace['unanswered'] = null;
  const engines: ConversationTrace['engine'][] = [];
  /** callId -> when it was asked for and with what. */
  const calls = new Map<string, { atMs: number; arguments: string }>();
  let agent = agentOrStart(deps, memory);
  /** What the current agent answers: the user's words, or what is left after a trigger phrase. */
  let query = input.query;

  // The language: of this utterance when it says so clearly, else the session's, which follows
  // the user after a few utterances in another language (session-language.ts).
  const detection = detectLanguage(input.query);
  // A detection (or a guess from a word or two) counts when reading the words in that language
  // changes them ("2 hoch 10"): "350 fahrenheit in celsius" is not German for having looked so.
  const seen = [detection.language, detection.guess].find((candidate) => candidate && (candidate === 'en' || readsAsForeign(input.query, candidate))) ?? null;
  const heard = { ...detection, language: seen, reliable: detection.reliable && seen === detection.language };
  const sessionLanguage = observeLanguage(memory.language ?? startingLanguage(languageOfLocale(input.locale)), heard, deps.languageSwitchAfter, input.history.length === 0);
  const language = replyLanguage(sessionLanguage, { ...detection, language: seen });
  const spokenIn = seen ?? sessionLanguage.current;
  memory = { ...memory, language: sessionLanguage };

  const delta = (text: string): EngineEvent => {
    answer += text;
    return { type: 'delta', turnId, text };
  };

  for (let hop = 0; ; hop++) {
    const vars = varsFor(input, memory, agent);
    const handover = (resolution: HandoffResolution): EngineEvent => {
      handoffs.push({ from: resolution.source.name, to: resolution.target.name, type: resolution.edge.type, via: resolution.via, tool: resolution.edge.tool, reason: resolution.reason, atMs: at() });
      memory = afterHandoff(memory, { from: resolution.source.name, to: resolution.target.name, reason: resolution.reason, fields: resolution.vars.handoff_context }, deps.clock.now());
      agent = resolution.target;
      return { type: 'handoff', turnId, from: resolution.source.name, to: resolution.target.name, handoffType: resolution.edge.type, via: resolution.via, reason: resolution.reason, greeting: resolution.greeting };
    };
    const mayHandOff = hop < deps.maxHandoffsPerTurn;

    // A trigger phrase moves the conversation before any model is asked (offline handoffs).
    const triggered = mayHandOff && !(agent.engine === 'llm' && deps.chatModel) ? deps.handoffs.resolveUtterance({ utterance: query, source: agent.name, vars, visited: memory.visitedAgents }) : null;
    if (triggered) {
      engines.push('handoff');
      yield handover(triggered);
      // A discrete target answers the words after the phrase; with none left it greets instead.
      if (triggered.edge.type === 'announced' || triggered.remainder === null) {
        const greeting = triggered.greeting ?? deps.handoffs.greeting(triggered.target, triggered.vars, triggered.firstVisit);
        yield delta(greeting ?? `This is ${triggered.target.title}.`);
        break;
      }
      query = triggered.remainder;
      continue;
    }

    if (agent.engine === 'llm' && deps.chatModel) {
      engines.push('llm');
      const turn = runLlmAgentTurn({
        agent,
        vars,
        history: input.history,
        query,
        chatModel: deps.chatModel,
        tools: toolsOf(deps, agent, input),
        handoffs: mayHandOff ? deps.handoffs : noHandoffs(deps.handoffs),
        visited: memory.visitedAgents,
        toolContext: { sessionId: input.sessionId, timeZone: input.timeZone, locale: input.locale },
        signal: input.signal,
        clock: deps.clock,
        setTimer: deps.setTimer,
        toolTimeoutMs: deps.toolTimeoutMs,
        maxRounds: 4,
      });
      let next: HandoffResolution | null = null;
      let outcome: LlmAgentTurnOutcome | null = null;
      try {
        for (;;) {
          const step = await turn.next();
          if (step.done) {
            outcome = step.value;
            break;
          }
          const event = step.value;
          if (event.type === 'delta') yield delta(event.text);
          else if (event.type === 'tool_call') {
            calls.set(event.call.id, { atMs: at(), arguments: event.call.arguments });
            yield { type: 'tool_call', turnId, callId: event.call.id, name: event.call.name, arguments: event.call.arguments };
          } else if (event.type === 'tool_result') {
            const { result } = event;
            const call = calls.get(result.id);
            tools.push({ callId: result.id, name: result.name, agent: agent.name, arguments: clip(call?.arguments ?? ''), ok: result.ok, result: clip(result.output), error: result.error, startAtMs: call?.atMs ?? at(), endAtMs: at() });
            yield { type: 'tool_result', turnId, callId: result.id, name: result.name, ok: result.ok, output: result.output, durationMs: result.endedAt - result.startedAt };
          } else next = event.resolution;
        }
      } catch (error) {
        if (input.signal.aborted) return;
        errors.push(`${agent.name}: ${messageOf(error)}`);
        const fault = faultOf(error);
        if (answer === '' && fault) unanswered = { kind: 'provider_failed', nearest: [], fault };
        if (answer === '') yield delta(fault ? faultReply(fault, language) : `Sorry, ${agent.title} could not answer just now (${messageOf(error)}).`);
      }
      if (outcome) errors.push(...(outcome.rounds >= 4 && !next ? [`${agent.name}: stopped after 4 model calls`] : []));
      if (next) {
        yield handover(next);
        if (next.edge.type === 'announced') {
          yield delta(`${separator(answer)}${next.greeting ?? `This is ${next.target.title}.`}`);
          break;
        }
        continue;
      }
      break;
    }

    // The MoE over the agent's experts, asked in English (the local skills read it) and told the
    // user's words and language; a follow-up becomes the whole question it stands for.
    engines.push('moe');
    const before = answer;
    let streamed = false;
    const last = typeof memory.lastSlots.question === 'string' ? { question: memory.lastSlots.question, result: typeof memory.lastSlots.result === 'number' ? memory.lastSlots.result : null } : null;
    // The reading in the language the words seem to be in first, then as they are, then in the
    // other languages (a guess from two words can be wrong; unanswered readings cost a few ms).
    // Each is made only when the one before found nothing.
    const readings = readingsOf(query, spokenIn);
    let asked = '';
    let stream: AsyncIterator<TurnChunkOut> | null = null;
    const ask = (words: string) => {
      asked = resolveFollowUp(words, last) ?? words;
      return deps.moe
        .processStream(asked, {
          sessionId: input.sessionId,
          voiceMode: input.voiceMode,
          timeZone: input.timeZone,
          locale: localeFor(language, input.locale),
          language,
          utterance: query,
          conversation: input.history.map(({ role, text }) => ({ role, text })),
          signal: input.signal,
          // One trace per turn, the conversation's: a reading that found nothing is not a turn of its own.
          recordedByCaller: true,
          ...(agent.experts ? { experts: agent.experts } : {}),
        })
        [Symbol.asyncIterator]();
    };
    stream = ask(readings.next().value!);
    let firstReading: { chunk: Extract<TurnChunkOut, { type: 'final' }>; asked: string } | null = null;
    for (;;) {
      const step = await stream.next();
      if (step.done) break;
      let chunk = step.value;
      // The words read in the language they seemed to be in found nothing: try them as they are
      // (a guess from two words can be wrong). Nothing was said yet, so the user hears one answer;
      // if neither reading answers, the first one's reply says what is missing.
      const another = chunk.type === 'final' && chunk.trace.unanswered && !streamed ? readings.next() : null;
      if (chunk.type === 'final' && chunk.trace.unanswered && another && !another.done) {
        // The first reading says what is missing, unless a later one finds a clearer reason.
        if (!firstReading || (firstReading.chunk.trace.unanswered?.kind === 'needs_model' && chunk.trace.unanswered.kind !== 'needs_model')) firstReading = { chunk, asked };
        stream = ask(another.value);
        continue;
      }
      if (chunk.type === 'final' && chunk.trace.unanswered && firstReading) {
        chunk = firstReading.chunk;
        asked = firstReading.asked;
      }
      if (chunk.type === 'partial') yield { type: 'partial', turnId, agent: chunk.agent, text: chunk.text, confidence: chunk.confidence };
      else if (chunk.type === 'delta') {
        streamed = true;
        yield delta(chunk.text);
      } else {
        moeTrace = chunk.trace;
        moeSettled = chunk.settled;
        // What a follow-up will refer to: this question and its result, when it had an answer.
        if (!chunk.trace.unanswered) memory = { ...memory, lastSlots: { question: asked, ...numberSlot(resultOf(chunk.text, language !== 'en')) } };
        // What the orchestrator did not stream, it gives in full at the end.
        const said = answer.slice(before.length);
        const rest = chunk.text.startsWith(said) ? chunk.text.slice(said.length) : streamed ? '' : chunk.text;
        if (rest !== '') yield delta(`${said === '' ? separator(before) : ''}${rest}`);
      }
    }
    break;
  }

  if (input.signal.aborted) return;
  if (answer.trim() === '') yield delta(`${agent.title} has no answer to that.`);
  const conversation: ConversationTrace = { scenario: memory.scenario, agent: agent.name, engine: engines.at(-1) ?? 'moe', tools, handoffs };
  const trace: TurnTrace = {
    ...(moeTrace ?? emptyTrace(turnId, input, startedAt)),
    id: moeTrace?.id ?? turnId,
    // What the user said, even when a trigger phrase left the expert only part of it.
    query: input.query.trim(),
    answer,
    totalMs: at(),
    errors: [...(moeTrace?.errors ?? []), ...errors],
    ...(unanswered ? { unanswered } : {}),
    conversation,
  };
  const settled = moeSettled ? moeSettled.then((late) => ({ ...trace, cache: late.cache, errors: [...late.errors, ...errors] })) : Promise.resolve(trace);
  yield { type: 'final', turnId, text: answer, trace, settled, memory: { ...memory, updatedAt: deps.clock.now() } };
}

const numberSlot = (value: number | null): Record<string, number> => (value === null ? {} : { result: value });

function agentOrStart(deps: ConversationEngineDeps, memory: SessionMemory): AgentDefinition {
  const active = deps.agents.get(memory.activeAgent);
  if (active) return active;
  const start = deps.agents.get(deps.handoffs.scenario.startAgent);
  if (!start) throw new Error(`scenario ${deps.handoffs.scenario.name} has no start agent`);
  return start;
}

function varsFor(input: EngineTurnInput, memory: SessionMemory, agent: AgentDefinition): SystemVars {
  return {
    ...input.vars,
    user_name: input.vars.user_name ?? memory.profile.user_name ?? null,
    active_agent: agent.name,
    previous_agent: memory.handoffContext.from,
    handoff_reason: memory.handoffContext.reason,
    handoff_context: memory.handoffContext.fields,
    scenario: memory.scenario,
  };
}

/** The agent's tools from the registry, and `consult_experts` when it has experts to route over. */
function toolsOf(deps: ConversationEngineDeps, agent: AgentDefinition, input: EngineTurnInput): Map<string, Tool> {
  const tools = new Map<string, Tool>();
  for (const name of agent.tools) {
    const tool = deps.tools.get(name);
    if (tool) tools.set(name, tool);
  }
  tools.set(
    'consult_experts',
    defineTool({
      name: 'consult_experts',
      description: 'Ask the built-in experts (clock and time zones, dates, arithmetic and units, and what else this assistant has). Use it for facts you would otherwise guess.',
      parameters: z.object({ question: z.string().min(1).max(2000) }),
      async run({ question }, context) {
        let text = '';
        for await (const chunk of deps.moe.processStream(question, {
          sessionId: input.sessionId,
          voiceMode: false,
          timeZone: input.timeZone,
          locale: input.locale,
          signal: context.signal,
          ...(agent.experts ? { experts: agent.experts } : {}),
        })) {
          if (chunk.type === 'final') text = chunk.text;
        }
        return text;
      },
    }),
  );
  return tools;
}

/** The same service with no edges: a turn that has chained enough handoffs offers no more. */
function noHandoffs(service: HandoffService): HandoffService {
  return { ...service, toolsFor: () => [], isHandoffTool: () => false, resolveTool: () => null, resolveUtterance: () => null };
}

function emptyTrace(id: string, input: EngineTurnInput, startedAt: number): TurnTrace {
  return {
    id,
    sessionId: input.sessionId,
    query: input.query.trim(),
    voiceMode: input.voiceMode,
    startedAt,
    totalMs: 0,
    answer: '',
    cache: { checked: false, hit: false, similarity: null, entryId: null, note: 'answered by a conversational agent', startAtMs: 0, endAtMs: 0 },
    routing: null,
    agents: [],
    aggregation: null,
    errors: [],
  };
}

/** A space between what was said and what follows, unless there is one already or nothing was said. */
const separator = (said: string) => (said === '' || /\s$/.test(said) ? '' : ' ');

const TRACE_TEXT_CHARS = 2000;
const clip = (text: string) => (text.length > TRACE_TEXT_CHARS ? `${text.slice(0, TRACE_TEXT_CHARS)}…` : text);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The words as English, read in `spokenIn`, then as they are, then in the other languages; each distinct reading once, made when asked for. */
function* readingsOf(query: string, spokenIn: Language): Generator<string, void> {
  const seen = new Set<string>();
  const candidates = [() => toEnglish(query, spokenIn), () => query, ...LANGUAGES.filter((other) => other !== spokenIn).map((other) => () => toEnglish(query, other))];
  for (const candidate of candidates) {
    const reading = candidate();
    if (seen.has(reading)) continue;
    seen.add(reading);
    yield reading;
  }
}
