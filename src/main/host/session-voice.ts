import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventPayload } from '../../shared/contract.ts';
import type { EventName } from '../../shared/contract-names.ts';
import type { Settings } from '../../shared/settings.ts';
import type { VoiceTimings } from '../../shared/trace.ts';
import { endOfSpeechThreshold } from '../../shared/vad-thresholds.ts';
import { createSileroVad } from '../adapters/embedded/silero-vad.ts';
import { sessionLogger } from '../adapters/logging/logger.ts';
import { createWakeWordDetector } from '../adapters/wakeword/open-wake-word.ts';
import type { VoiceTurnMetrics } from '../cascade/voice-metrics.ts';
import type { VoiceOutput } from '../cascade/voice-runtime-types.ts';
import { createVoiceRuntime, type VoiceOrchestrator, type VoiceRuntime } from '../cascade/voice-runtime.ts';
import type { ConversationService, SpokenTurn } from '../conversation/conversation-service.ts';
import type { TurnTaking, VoiceNotice } from '../core/voice-loop/voice-types.ts';
import type { Clock } from '../ports/clock.ts';
import type { WakeWordDetector } from '../ports/wake-word.ts';
import type { HostEmit } from './assistant-host.ts';
import type { MoeService } from './moe-service.ts';
import { voiceProvidersFromSettings, type LocalSttFor } from './voice-providers.ts';

// One session's voice runtime, wherever its audio comes from and goes to (a window, a phone call):
// speech through the session's conversation, answers and traces pushed to the windows that have the
// session open, what was heard stored as the session's history, voice timings added to the trace.

type Emit = <N extends EventName>(event: N, payload: EventPayload<N>) => void;

export interface SessionVoiceDeps {
  moe: MoeService;
  conversation: ConversationService;
  clock: Clock;
  logger: Logger;
  env: Record<string, string | undefined>;
  settings: () => Settings;
  emit: HostEmit;
  localSttFor?: LocalSttFor;
}

export interface SessionVoiceOptions {
  sessionId: string;
  /** Null: the saved voice mode. */
  mode: TurnTaking | null;
  /** Where the assistant's audio goes. */
  output: VoiceOutput;
  onNotice(notice: VoiceNotice): void;
  /** What the output plays at, when it is fixed (a phone line: 8,000 Hz). */
  outputSampleRate?: number;
}

export interface SessionVoice {
  runtime: VoiceRuntime;
  /** Run id -> the orchestrator turn (trace) it produced. */
  traceOfRun: Map<string, string>;
  mode: TurnTaking;
}

export async function createSessionVoice(options: SessionVoiceDeps, voice: SessionVoiceOptions): Promise<SessionVoice> {
    const { sessionId } = voice;
    const settings = options.settings();
    const logger = sessionLogger(options.logger, sessionId);
    const providers = voiceProvidersFromSettings(settings, options.env.OPENAI_API_KEY, options.localSttFor);
    // In the background: the user is still talking while they load.
    void providers.tts.warmUp?.();
    void providers.stt.warmUp?.();
    const { vadSpeech, bargeInMinSpeechMs } = settings.thresholds;
    const vad = await createSileroVad(
      vadSpeech === null ? {} : { positiveThreshold: vadSpeech, negativeThreshold: endOfSpeechThreshold(vadSpeech) },
    );
    const mode = voice.mode ?? settings.voice.mode;
    const wake = await wakeWordDetectorFor(settings, logger);
    const traceOfRun = new Map<string, string>();
    /** Trace id -> resolves once the trace is stored (its voice timings can only be added then). */
    const stored = new Map<string, Promise<unknown>>();
    /** Run id -> the exchange its final answer closed, until the reducer says what was heard of it. */
    const exchanges = new Map<string, SpokenTurn>();
    // Answers and traces go to every window that has the session open.
    const toSession: Emit = (event, payload) => options.emit(event, payload, { to: 'session', sessionId });
    const runtime = createVoiceRuntime({
      orchestrator: spokenTurns(options.conversation, sessionId, (traceId, settled) => stored.set(traceId, settled)),
      stt: providers.stt,
      tts: providers.tts,
      vad,
      ...(wake ? { wake } : {}),
      clock: options.clock,
      logger,
      mode,
      ...(bargeInMinSpeechMs === null ? {} : { reducerOptions: { bargeInMinSpeechMs } }),
      output: voice.output,
      ...(voice.outputSampleRate ? { outputSampleRate: voice.outputSampleRate } : {}),
      onNotice: voice.onNotice,
      // The reducer says what was heard of each answer (all of it, or up to the barge-in), before
      // the next turn starts; the whole answer stays on the trace.
      onTurnRecord: (record) => {
        const exchange = exchanges.get(record.runId);
        exchanges.delete(record.runId);
        options.conversation.recordSpoken(sessionId, {
          turnId: exchange?.turnId ?? `voice-${randomUUID()}`,
          query: exchange?.query ?? record.query,
          answer: exchange?.answer ?? '',
          heard: record.heardText,
          interrupted: record.interrupted,
          startedAt: exchange?.startedAt ?? options.clock.now(),
        });
      },
      onTurnChunk: (runId, chunk) => {
        if (chunk.type === 'partial') {
          toSession('turnChunk', { turnId: chunk.turnId, sessionId, agent: chunk.agent, text: chunk.text, confidence: chunk.confidence, final: false, voiceRunId: runId });
          return;
        }
        if (chunk.type !== 'final') return;
        traceOfRun.set(runId, chunk.turnId);
        exchanges.set(runId, { turnId: chunk.turnId, query: chunk.trace.query, answer: chunk.text, heard: chunk.text, interrupted: false, startedAt: chunk.trace.startedAt });
        toSession('turnChunk', { turnId: chunk.turnId, sessionId, agent: null, text: chunk.text, confidence: null, final: true, voiceRunId: runId });
      },
      onMetrics: (runId, metrics) => {
        const traceId = traceOfRun.get(runId);
        traceOfRun.delete(runId);

        logger.info({ code: 'voice_turn_metrics', runId, voiceToVoiceMs: metrics.voiceToVoiceMs, interrupted: metrics.interrupted }, 'voice turn timings');
        if (!traceId) return;
        const settled = stored.get(traceId) ?? Promise.resolve();
        stored.delete(traceId);
        // Amending can fail too (the store closing with the host): logged, never an unhandled rejection.
        void settled
          .then(() => options.moe.amendTrace(traceId, (trace) => ({ ...trace, voice: timingsOf(metrics) })))
          .catch((error: unknown) => logger.warn({ code: 'voice_timings_lost', traceId, err: error }, 'the voice timings of the turn were not stored'));
      },
      turnContext: { sessionId, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, locale: settings.assistant.language },
      language: settings.assistant.language,
      // The voice follows the conversation's language once the user has switched to another.
      languageNow: () => options.conversation.memory(sessionId).language?.current ?? settings.assistant.language,
      voiceFor: (language) =>
        providers.tts.provider === 'openai'
          ? settings.providers.openai.speechVoicesByLanguage[language as 'en']
          : language === settings.assistant.language
            ? (settings.voice.espeakVoice ?? undefined)
            : undefined,
      speed: settings.voice.speakingRate,
    });
    logger.info({ code: 'voice_started', stt: providers.stt.provider, tts: providers.tts.provider }, 'voice session started');
    return { runtime, traceOfRun, mode };
}

/** Every session gets one, so switching to wake word needs no rebuild; the models are loaded once per process. */
async function wakeWordDetectorFor(settings: Settings, logger: Logger): Promise<WakeWordDetector | undefined> {
  const { wakePhrase, wakeSensitivity } = settings.voice;
  try {
    return await createWakeWordDetector({ phrase: wakePhrase, threshold: 1 - wakeSensitivity });
  } catch (error) {
    logger.warn({ code: 'wake_word_unavailable', err: error }, 'wake word detection is unavailable');
    return undefined;
  }
}

function timingsOf(metrics: VoiceTurnMetrics): VoiceTimings {
  const { runId: _runId, startedAt: _startedAt, ...timings } = metrics;
  return timings;
}

/**
 * The conversation's turns as the Cascade runtime asks for them: its own history is not used
 * (the session store is the one history). The engine's events go through as they are; a final's
 * `settled` (its trace once stored) is handed to `onSettled`, for timings added after the run.
 */
function spokenTurns(conversation: ConversationService, sessionId: string, onSettled: (traceId: string, settled: Promise<unknown>) => void): VoiceOrchestrator {
  return {
    async *processStream(query, context) {
      for await (const event of conversation.spokenTurn(sessionId, query, { signal: context.signal ?? new AbortController().signal })) {
        if (event.type === 'handoff') continue;
        if (event.type === 'final') {
          onSettled(event.trace.id, event.settled);
          yield { type: 'final', turnId: event.trace.id, text: event.text, trace: event.trace };
        } else yield event;
      }
    },
  };
}
