import type { AgentTrace, CacheTrace, RoutingTrace, TurnTrace, Unanswered } from '../../../shared/trace.ts';
import type { Agent } from './agent.ts';
import { cacheScopeKey, scopeKeysReadableBy } from './cache/cache-scope.ts';
import type { AgentAnswer, Synthesis } from './aggregation/aggregator.ts';
import { bestSingleAnswer } from './aggregation/best-single-answer.ts';
import { streamCallbacks } from './execution/callback-stream.ts';
import { createSpokenAnswer } from './spoken-answer.ts';
import { LoneAnswerStream } from './lone-answer-stream.ts';
import { sentencesOf } from '../text/sentences.ts';
import { languageOfLocale, type Language } from '../language/language.ts';
import { stoppedReply, unansweredReply } from '../language/replies.ts';
import { whyUnanswered, type UnansweredContext } from './unanswered.ts';
import { splitQuestion } from './decompose.ts';
import type { AgentRun } from './execution/executor.ts';
import type {
  Orchestrator,
  OrchestratorOptions,
  OrchestratorTiers,
  TurnChunkOut,
  TurnContext,
} from './orchestrator-types.ts';
import type { RouteDecision } from './routing/router.ts';

/**
 * Tier 0 cache -> tier 1 routing -> tier 2 parallel execution -> tier 3 synthesis, with every
 * decision written into one TurnTrace. The answer streams as it forms (see TurnChunkOut); the
 * cache and trace writes wait until the final chunk is out. A turn never throws: faults become
 * trace errors and the best answer available.
 */
export function createOrchestrator(
  tiers: OrchestratorTiers,
  options: OrchestratorOptions,
  initialAgents: Agent[] = [],
): Orchestrator {
  const { clock, router, executor, aggregator, cache } = tiers;
  const registry = new Map<string, Agent>();

  const registerAgent = (agent: Agent) => {
    registry.set(agent.name, agent);
    router.register(agent);
  };
  for (const agent of initialAgents) registerAgent(agent);

  async function* processStream(query: string, context: TurnContext): AsyncGenerator<TurnChunkOut> {
    const turnId = tiers.newId();
    const startedAt = clock.now();
    const at = () => clock.now() - startedAt;
    const signal = context.signal ?? new AbortController().signal;
    const errors: string[] = [];
    const text = query.trim();
    const voiceMode = context.voiceMode || options.voiceOptimize;
    const language = context.language ?? languageOfLocale(context.locale);
    // Cached answers are kept apart by style and by the language they are written in.
    const mode = `${voiceMode ? 'voice' : 'text'}:${language}`;
    const spoken = createSpokenAnswer();
    const delta = (piece: string) => ({ type: 'delta', turnId, text: spoken.say(piece) }) as const;

    /** The final chunk; the cache write (when `store` is given) and the trace sinks run after it, deferred. */
    const finish = (answer: string, parts: Pick<TurnTrace, 'cache' | 'routing' | 'agents' | 'aggregation' | 'unanswered' | 'parts'>, store?: (late: string[]) => Promise<string>) => {
      const trace: TurnTrace = {
        id: turnId,
        sessionId: context.sessionId,
        query: text,
        voiceMode,
        startedAt,
        totalMs: at(),
        answer,
        ...parts,
        ...(store ? { cache: { ...parts.cache, note: 'storing after the answer' } } : {}),
        errors,
      };
      const settled = new Promise<TurnTrace>((resolve) => {
        tiers.defer(async () => {
          const late: string[] = [];
          let done: TurnTrace = trace;
          try {
            if (store) {
              const note = await store(late);
              done = { ...trace, cache: { ...trace.cache, note } };
            }
            // A part of a question is recorded with the whole, not on its own.
            if (!context.part && !context.recordedByCaller) await tiers.tracer.record({ ...done, errors: [...trace.errors, ...late] });
          } catch (error) {
            late.push(`trace not recorded: ${messageOf(error)}`);
          }
          resolve({ ...done, errors: [...trace.errors, ...late] });
        });
      });
      return { type: 'final', turnId, text: answer, trace, settled } as const;
    };

    const refusal = checkQuery(text, options.maxQueryChars);
    if (refusal) {
      errors.push(refusal.error);
      yield finish(refusal.answer, { cache: skippedCache(refusal.error, at()), routing: null, agents: [], aggregation: null });
      return;
    }

    // Tier 0: the cache, across every scope this context may read.
    let cacheTrace = skippedCache(cache ? null : 'cache disabled', at());
    if (cache) {
      const startAtMs = at();
      try {
        // Every scope this context may read, so the cache is checked before routing.
        const scopeKeys = scopeKeysReadableBy(context).map((key) => `${mode}|${key}`);
        const { hit, similarity } = await cache.lookup(text, scopeKeys, clock.now(), signal);
        cacheTrace = { checked: true, hit: hit !== null, similarity, entryId: hit?.id ?? null, note: null, startAtMs, endAtMs: at() };
        if (hit) {
          yield finish(hit.response, { cache: cacheTrace, routing: null, agents: [], aggregation: null });
          return;
        }
      } catch (error) {
        errors.push(`cache lookup failed: ${messageOf(error)}`);
        cacheTrace = { ...skippedCache('lookup failed', startAtMs), endAtMs: at() };
      }
    }

    // A question with several parts: each part routed and answered on its own, in parallel, and
    // the answers joined in order, when at least one part finds an answer.
    const questions = context.part ? [text] : splitQuestion(text);
    if (questions.length > 1) {
      const answered = await Promise.all(questions.map((part) => finalOf(processStream(part, { ...context, part: true }))));
      if (answered.some((result) => result && !result.trace.unanswered) && answered.every((result) => result !== null)) {
        const results = answered as Extract<TurnChunkOut, { type: 'final' }>[];
        const joined = results.map((result) => result.text.trim()).join(' ');
        const first = results[0]!.trace;
        const routing = first.routing
          ? { ...first.routing, explanation: `Split into ${questions.length} questions (${questions.map((part) => `"${part}"`).join(', ')}), each routed on its own. ${first.routing.explanation}` }
          : null;
        errors.push(...results.flatMap((result) => result.trace.errors));
        yield finish(joined, {
          cache: { ...cacheTrace, note: 'not stored: a question in several parts' },
          routing,
          agents: results.flatMap((result) => result.trace.agents),
          aggregation: first.aggregation,
          parts: results.map((result, index) => ({ query: questions[index]!, answer: result.text, agents: result.trace.agents.filter((run) => run.status === 'success').map((run) => run.agent), unanswered: result.trace.unanswered?.kind ?? null })),
        });
        return;
      }
    }

    // Tier 1: which specialists.
    const routeStart = at();
    let decision: RouteDecision;
    try {
      decision = await router.route({ query: text, k: options.k, minConfidence: options.minConfidence, signal, ...(context.experts ? { only: context.experts } : {}) });
    } catch (error) {
      errors.push(`routing failed: ${messageOf(error)}`);
      decision = { strategy: 'fallback', candidates: [], selected: [], explanation: 'Routing failed; no specialist was asked.', error: messageOf(error) };
    }
    if (decision.error) errors.push(`routing: ${decision.error}`);
    const selected: Agent[] = [];
    for (const name of decision.selected) {
      const agent = registry.get(name);
      if (agent) selected.push(agent);
      else errors.push(`routed to "${name}", which is not registered`);
    }
    // The self-selecting experts (local parsers) are asked too: each abstains unless it is theirs.
    const alsoAsked = [...registry.values()].filter(
      (agent) => agent.selfSelecting && !selected.includes(agent) && (!context.experts || context.experts.includes(agent.name)),
    );
    selected.push(...alsoAsked);
    const routing: RoutingTrace = { ...decision, alsoAsked: alsoAsked.map((agent) => agent.name), startAtMs: routeStart, endAtMs: at() };

    // Tier 2: run them, streaming each answer as it lands. The routed expert's own text goes out as
    // it forms when the router chose it alone (see LoneAnswerStream); otherwise a spoken turn may
    // lead with the first confident answer's first sentence.
    const runs: AgentRun[] = [];
    let streamed = false;
    const leadIn = voiceMode && options.leadIn.enabled;
    if (selected.length > 0) {
      const lone = selected.length - alsoAsked.length === 1 ? selected[0]! : null;
      const loneStream = lone ? new LoneAnswerStream(alsoAsked.map((agent) => agent.name)) : null;
      const events = streamCallbacks<{ run: AgentRun } | { text: string }, void>(async (emit) => {
        const onText = (piece: string) => emit({ text: piece });
        const stream = executor.run({
          query: text,
          agents: selected.map((agent) => (agent === lone ? speakingAsItForms(agent, onText) : agent)),
          context: {
            sessionId: context.sessionId,
            now: startedAt,
            timeZone: context.timeZone,
            locale: context.locale,
            language,
            utterance: context.utterance ?? text,
            voiceMode,
            conversation: context.conversation ?? [],
          },
          signal,
          agentTimeoutMs: options.agentTimeoutMs,
          deadline: startedAt + options.queryDeadlineMs,
        });
        for await (const run of stream) emit({ run });
      });
      for await (const event of events) {
        const release = 'text' in event ? loneStream!.text(event.text) : (loneStream?.settled(event.run) ?? []);
        for (const piece of release) {
          streamed = true;
          yield delta(piece);
        }
        if ('text' in event) continue;
        const { run } = event;
        runs.push(run);
        // An abstention is the agent saying the question is not for it: on the trace, not an error.
        if (run.status === 'abstained') continue;
        if (run.status !== 'success' || !run.output) {
          errors.push(`${run.agent} ${run.status}${run.error ? `: ${run.error}` : ''}`);
          continue;
        }
        yield { type: 'partial', turnId, agent: run.agent, text: run.output.text, confidence: run.output.confidence };
        const mayStillStream = loneStream?.holdsText === true && run.agent === lone?.name;
        if (leadIn && !streamed && !mayStillStream && spoken.text() === '' && run.output.confidence >= options.leadIn.minConfidence) {
          const first = sentencesOf(aggregator.shape(run.output.text, voiceMode))[0];
          if (first) yield delta(first);
        }
      }
    }
    const agentTraces = runs.map((run) => agentTrace(run, startedAt));

    // Tier 3: one answer from many, its sentences streamed as the synthesis writes them.
    const answers: AgentAnswer[] = runs
      .filter((run) => run.status === 'success' && run.output && run.output.text.trim())
      .map((run) => ({
        agent: run.agent,
        text: run.output!.text,
        confidence: run.output!.confidence,
        weight: options.agentWeights[run.agent] ?? 1,
      }));
    const aggregationStart = at();
    let synthesis: Synthesis;
    try {
      const sentences = streamCallbacks<string, Synthesis>((emit) =>
        aggregator.aggregate({ query: text, answers, voiceMode, signal, said: spoken.text(), ...(streamed ? {} : { onSentence: emit }) }),
      );
      for (;;) {
        const step = await sentences.next();
        if (step.done) {
          synthesis = step.value;
          break;
        }
        const piece = spoken.rest(step.value);
        if (piece !== '') yield delta(piece);
      }
    } catch (error) {
      errors.push(`synthesis failed: ${messageOf(error)}`);
      synthesis = bestSingleAnswer(answers, messageOf(error));
    }
    // With nothing to combine, "no answers" is the outcome, not a fault of the synthesis.
    if (answers.length === 0) synthesis = { ...synthesis, error: null };
    if (synthesis.error) errors.push(`synthesis: ${synthesis.error}`);
    // What went out stays the answer: a lone specialist's streamed text as it was, else what was
    // said followed by the synthesis's sentences not said yet.
    const said = spoken.text();
    let unanswered: Unanswered | null = null;
    let answer = streamed ? said : said !== '' ? said + spoken.rest(synthesis.text) : synthesis.text.trim();
    if (answer === '') {
      const missing = noAnswer(runs, signal.aborted, language, {
        query: text,
        runs,
        candidates: decision.candidates.filter((candidate) => !candidate.agent.startsWith('general')).map((candidate) => candidate.agent),
        modelConfigured: options.modelConfigured ?? options.unavailable.length === 0,
        ...(options.modelAddress !== undefined ? { modelAddress: options.modelAddress } : {}),
        modelProviders: options.modelProviders ?? [],
        agentTimeoutMs: options.agentTimeoutMs,
      });
      answer = missing.text;
      unanswered = missing.unanswered;
    }
    const aggregation = {
      strategy: synthesis.strategy,
      weights: synthesis.weights,
      conflicts: synthesis.conflicts,
      provenance: synthesis.provenance,
      quality: synthesis.quality,
      speakingTimeMs: synthesis.speakingTimeMs,
      error: synthesis.error,
      startAtMs: aggregationStart,
      endAtMs: at(),
    };

    const parts = { cache: cacheTrace, routing, agents: agentTraces, aggregation, unanswered };
    const done = synthesis;
    yield cache && cacheTrace.checked ? finish(answer, parts, (late) => storeInCache(selected, runs, done, answer, late)) : finish(answer, parts);

    /** Returns why the answer was not stored, or a note that it was. */
    async function storeInCache(agents: Agent[], agentRuns: AgentRun[], result: Synthesis, response: string, late: string[]): Promise<string> {
      if (agents.length === 0 || !result.text.trim()) return 'not stored: no answer';
      if (agentRuns.some((run) => run.status !== 'success' && run.status !== 'abstained')) return 'not stored: not every agent answered';
      // What the answer depends on is what the agents that answered depend on (not those that abstained).
      const answered = agents.filter((agent) => agentRuns.some((run) => run.agent === agent.name && run.status === 'success'));
      const scope = cacheScopeKey(
        answered.map((agent) => agent.cache),
        context,
      );
      if (!scope.cacheable) return `not stored: ${scope.reason}`;
      try {
        const outcome = await cache!.store({
          query: text,
          scopeKey: `${mode}|${scope.key}`,
          response,
          agents: agents.map((agent) => agent.name),
          provenance: result.provenance,
          quality: result.quality,
          now: clock.now(),
        });
        return outcome.stored ? 'stored' : `not stored: ${outcome.reason}`;
      } catch (error) {
        late.push(`cache store failed: ${messageOf(error)}`);
        return 'not stored: store failed';
      }
    }
  }

  return {
    processStream,
    async process(query, context) {
      for await (const chunk of processStream(query, context)) {
        if (chunk.type === 'final') return { text: chunk.text, trace: await chunk.settled };
      }
      throw new Error('processStream ended without a final chunk');
    },
    registerAgent,
    removeAgent(name) {
      registry.delete(name);
      router.remove(name);
    },
    agents: () => [...registry.values()],
  };
}

/** The agent with `onText` in its context: the one expert whose text may be spoken as it forms. */
function speakingAsItForms(agent: Agent, onText: (piece: string) => void): Agent {
  return { ...agent, execute: (query, agentContext, signal) => agent.execute(query, { ...agentContext, onText }, signal) };
}

/** The final chunk of a stream (null if it ended without one). */
async function finalOf(stream: AsyncIterable<TurnChunkOut>): Promise<Extract<TurnChunkOut, { type: 'final' }> | null> {
  let final: Extract<TurnChunkOut, { type: 'final' }> | null = null;
  for await (const chunk of stream) if (chunk.type === 'final') final = chunk;
  return final;
}

function checkQuery(text: string, maxChars: number): { answer: string; error: string } | null {
  if (!text) return { answer: "I didn't catch a question. Type or say what you'd like to know.", error: 'empty query' };
  if (text.length > maxChars) {
    return {
      answer: `That's too long for me: ${text.length} characters, and I take up to ${maxChars}. Could you shorten it?`,
      error: `query too long (${text.length} > ${maxChars} characters)`,
    };
  }
  return null;
}

function skippedCache(note: string | null, atMs: number): CacheTrace {
  return { checked: false, hit: false, similarity: null, entryId: null, note, startAtMs: atMs, endAtMs: atMs };
}

function agentTrace(run: AgentRun, turnStart: number): AgentTrace {
  return {
    agent: run.agent,
    provider: run.provider,
    dependsOn: run.dependsOn,
    status: run.status,
    error: run.error,
    fault: run.fault ?? null,
    confidence: run.output?.confidence ?? null,
    inputTokens: run.output?.inputTokens ?? null,
    outputTokens: run.output?.outputTokens ?? null,
    costUsd: run.output?.costUsd ?? null,
    startAtMs: Math.max(0, run.startedAt - turnStart),
    endAtMs: Math.max(0, run.endedAt - turnStart),
  };
}

/** What to say when nothing answered: stopped, a local expert's fault, or what is missing and why. */
function noAnswer(runs: AgentRun[], cancelled: boolean, language: Language, context: UnansweredContext): { text: string; unanswered: Unanswered | null } {
  if (cancelled) return { text: stoppedReply(language), unanswered: null };
  const unanswered = whyUnanswered(context);
  const failedLocally = runs.find((run) => run.provider === 'local' && (run.status === 'error' || run.status === 'timeout'));
  if (failedLocally && unanswered.kind !== 'needs_network') {
    const why = failedLocally.status === 'timeout' ? 'took too long' : `failed (${failedLocally.error ?? 'no reason given'})`;
    return { text: `Sorry, I couldn't get an answer: the ${failedLocally.agent.replaceAll('_', ' ')} specialist ${why}.`, unanswered: null };
  }
  const fault = runs.find((run) => run.provider !== 'local' && (run.status === 'error' || run.status === 'timeout'));
  const detail = fault ? (fault.status === 'timeout' ? `${fault.agent} took too long` : (fault.error ?? null)) : null;
  return { text: unansweredReply(unanswered, language, detail), unanswered };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
