import type { Provenance } from '../../../../shared/trace.ts';
import type { ChatModel } from '../../../ports/chat-model.ts';
import type { MoeConfig } from '../moe-config.ts';
import type { AggregateRequest, Aggregator, Synthesis } from './aggregator.ts';
import { detectConflicts, wholeAnswer, type ConflictReport, type WeightedAnswer } from './conflicts.ts';
import { synthesizeExtractive, type DraftAnswer } from './extractive-synthesizer.ts';
import { extractFacts } from './facts.ts';
import { synthesizeWithLlm, type LlmSynthesisOptions } from './llm-synthesizer.ts';
import { attributeSentences, sourceSentences } from './provenance.ts';
import { scoreQuality } from './quality.ts';
import { bestSingleAnswer, soleAuthor } from './best-single-answer.ts';
import { DEFAULT_VOICE_OPTIONS, DEFAULT_WORDS_PER_MINUTE, estimateSpeakingTimeMs, toSpeakable, type VoiceOptions } from './voice.ts';
import { weighAnswers } from './weights.ts';

export interface WeightedAggregatorOptions {
  /** Answers below this confidence do not take part. */
  minConfidence: number;
  /** auto: the LLM when `chatModel` is given, else extractive. */
  mode: 'auto' | 'llm' | 'extractive';
  chatModel: ChatModel | null;
  llm: LlmSynthesisOptions;
  /** From this many answers stating a fact of one kind, the majority voter decides (default 3). */
  majorityMinAnswers?: number;
  /** Longest extractive answer, in sentences (default 4; 3 in voice mode). */
  maxSentences?: number;
  wordsPerMinute?: number;
  voice?: VoiceOptions;
}

/**
 * Tier 3: weights -> conflicts (resolved by weight, or by majority from three answers stating a
 * fact) -> synthesis (LLM or extractive; a majority vote is answered extractively from the
 * winning side) -> voice post-processing -> quality. Never rejects.
 */
export function createWeightedAggregator(options: WeightedAggregatorOptions): Aggregator {
  const majorityMinAnswers = options.majorityMinAnswers ?? 3;
  const wordsPerMinute = options.wordsPerMinute ?? DEFAULT_WORDS_PER_MINUTE;
  const voiceOptions = options.voice ?? DEFAULT_VOICE_OPTIONS;
  const useLlm = options.mode === 'llm' || (options.mode === 'auto' && options.chatModel !== null);

  const shape = (text: string, voiceMode: boolean) => (voiceMode ? toSpeakable(text, voiceOptions) : text);

  return {
    shape,
    async aggregate(request: AggregateRequest): Promise<Synthesis> {
      try {
        return await aggregate(request);
      } catch (cause) {
        // A fault of ours must not cost the user the answer.
        return bestSingleAnswer(request.answers, `aggregation failed (${cause instanceof Error ? cause.message : String(cause)})`);
      }
    },
  };

  async function aggregate(request: AggregateRequest): Promise<Synthesis> {
    const weighting = weighAnswers(request.answers, options.minConfidence);
    const answers = weighting.kept;
    const base = { weights: weighting.weights, speakingTimeMs: request.voiceMode ? 0 : null };
    if (answers.length === 0) {
      const reasons = weighting.dropped.map((item) => `${item.agent}: ${item.reason}`).join('; ');
      return { ...base, text: '', strategy: 'none', conflicts: [], provenance: [], quality: 0, error: reasons ? `no usable answers (${reasons})` : 'no answers' };
    }

    const report = detectConflicts(request.query, answers, { majorityMinAnswers });
    const { strategy, draft, error } = await synthesize(request, answers, report);
    let { text, provenance } = draft;
    if (request.voiceMode) {
      text = toSpeakable(text, voiceOptions);
      provenance = strategy === 'single' ? soleAuthor(text, answers[0]!.agent) : attributeSentences(text, sourceSentences(answers, report), report.profile);
    }
    const quality = scoreQuality({ text, answers, provenance, conflicts: report.resolved, voiceMode: request.voiceMode, degraded: error !== null });
    return {
      ...base,
      text,
      strategy,
      conflicts: report.conflicts,
      provenance,
      quality,
      speakingTimeMs: request.voiceMode ? estimateSpeakingTimeMs(text, wordsPerMinute) : null,
      error,
    };
  }

  async function synthesize(
    request: AggregateRequest,
    answers: WeightedAnswer[],
    report: ConflictReport,
  ): Promise<{ strategy: Synthesis['strategy']; draft: DraftAnswer; error: string | null }> {
    const maxSentences = options.maxSentences ?? (request.voiceMode ? 3 : 4);
    const extractive = () => synthesizeExtractive(answers, report, { maxSentences });
    if (answers.length === 1) return { strategy: 'single', draft: { text: answers[0]!.text, provenance: soleAuthor(answers[0]!.text, answers[0]!.agent) }, error: null };
    if (report.votedKinds.length > 0) return { strategy: 'majority', draft: extractive(), error: null };
    if (!useLlm) return { strategy: 'extractive', draft: extractive(), error: null };
    const outcome = await tryLlm(request, answers, report);
    if (typeof outcome !== 'string') return { strategy: 'extractive', draft: extractive(), error: outcome.error };
    const provenance = attributeSentences(outcome, sourceSentences(answers, report), report.profile);
    return { strategy: 'llm', draft: { text: outcome, provenance }, error: null };
  }

  async function tryLlm(request: AggregateRequest, answers: WeightedAnswer[], report: ConflictReport): Promise<string | { error: string }> {
    if (options.chatModel === null) return { error: 'LLM synthesis is configured but no chat model is available; used the extractive synthesiser' };
    if (request.signal?.aborted) return { error: 'LLM synthesis skipped: the turn was cancelled' };
    const losingSide = (text: string) => report.resolved.find((item) => item.carriesLosingSide(wholeAnswer(extractFacts(report.profile, text), text)));
    const onSentence = request.onSentence;
    try {
      const text = await synthesizeWithLlm(options.chatModel, request.query, answers, report, {
        ...options.llm,
        voiceMode: request.voiceMode,
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        ...(request.said ? { said: request.said } : {}),
        // Streamed sentence by sentence, each checked against the resolved conflicts before it is said.
        ...(onSentence
          ? {
              stream: {
                onSentence: (sentence: string) => onSentence(shape(sentence, request.voiceMode)),
                accept: (sentence: string) => {
                  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(sentence)) return 'the LLM answer contains control characters';
                  const contradicted = losingSide(sentence);
                  return contradicted ? `the LLM answer states ${contradicted.conflict.kind} values that lost the conflict` : null;
                },
              },
            }
          : {}),
      });
      const contradicted = losingSide(text);
      if (contradicted !== undefined) {
        return { error: `LLM synthesis fell back to extractive: the LLM answer states ${contradicted.conflict.kind} values that lost the conflict` };
      }
      return text;
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      return { error: `LLM synthesis failed (${message}); used the extractive synthesiser` };
    }
  }
}

/** The aggregator as configured in moe_orchestrator.yaml (synthesis and voice sections). */
export function createAggregatorFromConfig(config: Pick<MoeConfig, 'synthesis' | 'voice'>, chatModel: ChatModel | null): Aggregator {
  const { mode, model, temperature, maxTokens, minConfidence } = config.synthesis;
  return createWeightedAggregator({
    minConfidence,
    mode,
    chatModel,
    llm: { model, temperature, maxTokens },
    wordsPerMinute: config.voice.wordsPerMinute,
  });
}
