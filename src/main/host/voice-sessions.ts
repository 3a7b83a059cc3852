import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventPayload } from '../../shared/contract.ts';
import type { EventName } from '../../shared/contract-names.ts';
import type { Settings } from '../../shared/settings.ts';
import type { VoiceTimings } from '../../shared/trace.ts';
import { endOfSpeechThreshold } from '../../shared/vad-thresholds.ts';
import { createSileroVad } from '../adapters/embedded/silero-vad.ts';
import { createWakeWordDetector } from '../adapters/wakeword/open-wake-word.ts';
import type { WakeWordDetector } from '../ports/wake-word.ts';
import { sessionLogger } from '../adapters/logging/logger.ts';
import { AppError } from '../core/errors.ts';
import type { TurnTaking } from '../core/voice-loop/voice-types.ts';
import type { Clock } from '../ports/clock.ts';
import type { SessionStore } from '../ports/session-store.ts';
import { createVoiceRuntime, type VoiceRuntime } from '../cascade/voice-runtime.ts';
import type { VoiceTurnMetrics } from '../cascade/voice-metrics.ts';
import type { HostEmit } from './assistant-host.ts';
import type { ConversationService, SpokenTurn } from '../conversation/conversation-service.ts';
import type { VoiceOrchestrator } from '../cascade/voice-runtime.ts';
import type { MoeService } from './moe-service.ts';
import { voiceProvidersFromSettings, type LocalSttFor } from './voice-providers.ts';

type Emit = <N extends EventName>(event: N, payload: EventPayload<N>) => void;

export interface VoiceSessionsOptions {
  moe: MoeService;
  /** Where a spoken turn is answered and stored (the same conversation as typed turns). */
  conversation: ConversationService;
  sessions: SessionStore;
  clock: Clock;
  logger: Logger;
  env: Record<string, string | undefined>;
  settings: () => Settings;
  emit: HostEmit;
  /** Whether this client started that session (only its owner may speak in it). */
  owns: (clientId: string, sessionId: string) => boolean;
  /** The STT of a downloaded speech model (Settings › Speech models), used when no provider is set up. */
  localSttFor?: LocalSttFor;
}

export interface VoiceSessions {
  setMode(clientId: string, sessionId: string, mode: TurnTaking): Promise<void>;
  /** 16 kHz mono PCM16 from the client's microphone. */
  audio(clientId: string, sessionId: string, samples: Int16Array): Promise<void>;
  talk(clientId: string, sessionId: string, action: 'press' | 'release'): Promise<void>;
  interrupt(clientId: string, sessionId: string): Promise<void>;
  /** Says `text` in the client's voice session (started if need be), as the assistant's own words. */
  speak(clientId: string, sessionId: string, text: string): Promise<void>;
  playback(clientId: string, report: { sessionId: string; runId: string; chunkId: string; event: 'started' | 'progress' | 'ended'; heardMs: number }): Promise<void>;
  /** Ends the voice sessions of a client that went away. */
  clientGone(clientId: string): Promise<void>;
  /**
   * Settings or keys changed: each voice session is rebuilt with them the next time it is used
   * while quiet (between turns), so a key saved after a failed question works on the next one.
   */
  settingsChanged(): void;
  /**
   * Says `text` in `sessionId`'s voice for each of `clients` (the windows that have it open),
   * starting the voice session if need be; with no session, in every live voice session.
   */
  announce(sessionId: string | null, text: string, clients: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

interface LiveVoice {
  clientId: string;
  runtime: VoiceRuntime;
  /** Run id -> the orchestrator turn (trace) it produced. */
  traceOfRun: Map<string, string>;
  /** The mode the client chose, kept when the session is rebuilt. */
  mode: TurnTaking;
  /** Built with settings that have changed since. */
  stale: boolean;
}

/** Phases between turns; with nobody being heard, rebuilding the runtime then loses nothing. */
const QUIET_PHASES: ReadonlySet<string> = new Set(['idle', 'listening']);

/** One voice runtime per session, created on first use, talking only to the client that owns it. */
export function createVoiceSessions(options: VoiceSessionsOptions): VoiceSessions {
  const live = new Map<string, Promise<LiveVoice>>();
  /** The sessions of `live` that have finished starting. */
  const ready = new Map<string, LiveVoice>();

  function voiceFor(clientId: string, sessionId: string): Promise<LiveVoice> {
    if (!options.owns(clientId, sessionId)) {
      return Promise.reject(new AppError('not_found', `no session ${sessionId} for this window; start one first`));
    }
    let mode: TurnTaking | null = null;
    const current = ready.get(sessionId);
    if (current?.stale && QUIET_PHASES.has(current.runtime.phase()) && !current.runtime.hearing()) {
      live.delete(sessionId);
      ready.delete(sessionId);
      mode = current.mode;
      void current.runtime.close();
      sessionLogger(options.logger, sessionId).info({ code: 'voice_rebuilt' }, 'voice session rebuilt with the new settings');
    }
    let entry = live.get(sessionId);
    if (!entry) {
      const starting = start(clientId, sessionId, mode);
      live.set(sessionId, starting);
      starting.then(
        (voice) => {
          if (live.get(sessionId) === starting) ready.set(sessionId, voice);
        },
        () => {
          if (live.get(sessionId) === starting) live.delete(sessionId);
        },
      );
      entry = starting;
    }
    return entry;
  }

  async function start(clientId: string, sessionId: string, chosenMode: TurnTaking | null): Promise<LiveVoice> {
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
    const mode = chosenMode ?? settings.voice.mode;
    const wake = await wakeWordDetectorFor(settings, logger);
    const traceOfRun = new Map<string, string>();
    /** Trace id -> resolves once the trace is stored (its voice timings can only be added then). */
    const stored = new Map<string, Promise<unknown>>();
    /** Run id -> the exchange its final answer closed, until the reducer says what was heard of it. */
    const exchanges = new Map<string, SpokenTurn>();
    // Speech and voice notices go to the window that talks; answers and traces to every window
    // that has the session open.
    const emit: Emit = (event, payload) => options.emit(event, payload, { to: 'client', clientId });
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
      output: {
        play: (runId, chunk, chunkId) =>
          emit('audioOut', { sessionId, runId, chunkId, sampleRate: chunk.sampleRate, pcm16: toBase64(chunk.samples) }),
        stop: (runId) => emit('audioStop', { sessionId, runId }),
      },
      onNotice: (notice) => emit('voice', { sessionId, notice }),
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
        void settled.then(
          () => options.moe.amendTrace(traceId, (trace) => ({ ...trace, voice: timingsOf(metrics) })),
          (error: unknown) => logger.warn({ code: 'voice_timings_lost', traceId, err: error }, 'the turn was not stored; its voice timings are dropped'),
        );
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
    return { clientId, runtime, traceOfRun, mode, stale: false };
  }



  async function stop(sessionId: string): Promise<void> {
    const entry = live.get(sessionId);
    live.delete(sessionId);
    ready.delete(sessionId);
    const voice = await entry?.catch(() => null);
    await voice?.runtime.close();
  }

  return {
    async setMode(clientId, sessionId, mode) {
      const voice = await voiceFor(clientId, sessionId);
      voice.mode = mode;
      voice.runtime.setMode(mode);
    },
    async audio(clientId, sessionId, samples) {
      await (await voiceFor(clientId, sessionId)).runtime.pushAudio(samples);
    },
    async talk(clientId, sessionId, action) {
      const { runtime } = await voiceFor(clientId, sessionId);
      if (action === 'press') runtime.talkPressed();
      else runtime.talkReleased();
    },
    async interrupt(clientId, sessionId) {
      (await voiceFor(clientId, sessionId)).runtime.interrupt();
    },
    async speak(clientId, sessionId, text) {
      (await voiceFor(clientId, sessionId)).runtime.announce(text);
    },
    async playback(clientId, report) {
      const { runtime } = await voiceFor(clientId, report.sessionId);
      if (report.event === 'started') runtime.playbackStarted(report.runId, report.chunkId);
      else if (report.event === 'progress') runtime.playbackProgress(report.runId, report.heardMs);
      else runtime.playbackEnded(report.runId, report.chunkId);
    },
    async clientGone(clientId) {
      const mine: string[] = [];
      for (const [sessionId, entry] of live) {
        const voice = await entry.catch(() => null);
        if (voice?.clientId === clientId) mine.push(sessionId);
      }
      await Promise.all(mine.map(stop));
    },
    settingsChanged() {
      for (const voice of ready.values()) voice.stale = true;
    },
    async announce(sessionId, text, clients) {
      if (sessionId === null) {
        for (const voice of ready.values()) voice.runtime.announce(text);
        return;
      }
      await Promise.all(
        clients.map(async (clientId) => {
          try {
            (await voiceFor(clientId, sessionId)).runtime.announce(text);
          } catch (error) {
            sessionLogger(options.logger, sessionId).warn({ code: 'announcement_unspoken', err: error }, 'an announcement could not be spoken; it is shown only');
          }
        }),
      );
    },
    async close() {
      await Promise.all([...live.keys()].map(stop));
    },
  };
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

const toBase64 = (samples: Int16Array) => Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');

/** PCM16 LE as raw bytes or base64 -> samples; an odd trailing byte is dropped. */
export function pcm16FromWire(pcm16: string | Uint8Array): Int16Array {
  const bytes = typeof pcm16 === 'string' ? Buffer.from(pcm16, 'base64') : Buffer.from(pcm16.buffer, pcm16.byteOffset, pcm16.byteLength);
  const samples = new Int16Array(Math.floor(bytes.length / 2));
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
  return samples;
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
