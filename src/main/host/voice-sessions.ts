import type { Logger } from 'pino';
import type { EventPayload } from '../../shared/contract.ts';
import type { EventName } from '../../shared/contract-names.ts';
import type { Settings } from '../../shared/settings.ts';
import { sessionLogger } from '../adapters/logging/logger.ts';
import { AppError } from '../core/errors.ts';
import type { TurnTaking } from '../core/voice-loop/voice-types.ts';
import type { Clock } from '../ports/clock.ts';
import type { SessionStore } from '../ports/session-store.ts';
import type { VoiceRuntime } from '../cascade/voice-runtime.ts';
import type { HostEmit } from './assistant-host.ts';
import type { ConversationService } from '../conversation/conversation-service.ts';
import type { MoeService } from './moe-service.ts';
import { createSessionVoice } from './session-voice.ts';
import type { LocalSttFor } from './voice-providers.ts';

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
  /** Whether this client has that session open (only then may it use its voice, if no other client does). */
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
  /** Transcribes again the kept audio of a run whose transcription failed. */
  retry(clientId: string, sessionId: string, runId: string): Promise<void>;
  /** Says `text` in the client's voice session (started if need be), as the assistant's own words. */
  speak(clientId: string, sessionId: string, text: string): Promise<void>;
  playback(clientId: string, report: { sessionId: string; runId: string; chunkId: string; event: 'started' | 'progress' | 'ended' | 'failed'; heardMs: number; reason?: string }): Promise<void>;
  /** Ends the voice sessions of a client that went away. */
  clientGone(clientId: string): Promise<void>;
  /**
   * Settings or keys changed: each voice session is rebuilt with them the next time it is used
   * while quiet (between turns), so a key saved after a failed question works on the next one.
   */
  settingsChanged(): void;
  /**
   * A timer, alarm or reminder going off: says `text` at once (cutting off an answer being spoken)
   * in `sessionId`'s voice for each of `clients` (the windows that have it open), starting the voice
   * session if need be; with no session, in every live voice session.
   */
  announce(sessionId: string | null, text: string, clients: readonly string[]): Promise<void>;
  /** A question was typed in the session: the answer its voice is giving is cut off at once (no voice is started). */
  newQuestion(sessionId: string): void;
  close(): Promise<void>;
}

interface LiveVoice {
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
  /**
   * Session -> the client whose voice it is: the first to use it, until that client goes away. A
   * session may be open in several windows; its microphone, speech and playback are one window's.
   */
  const speakers = new Map<string, string>();

  function voiceFor(clientId: string, sessionId: string): Promise<LiveVoice> {
    if (!options.owns(clientId, sessionId)) {
      return Promise.reject(new AppError('not_found', `no session ${sessionId} for this window; start one first`));
    }
    const speaker = speakers.get(sessionId);
    if (speaker !== undefined && speaker !== clientId) {
      return Promise.reject(
        new AppError('unavailable', `the voice of this conversation is in use in another window (${describeClient(speaker)}); it is free again once that window closes`, { retryable: true }),
      );
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
      speakers.set(sessionId, clientId);
      starting.then(
        (voice) => {
          if (live.get(sessionId) === starting) ready.set(sessionId, voice);
        },
        () => {
          if (live.get(sessionId) !== starting) return;
          live.delete(sessionId);
          speakers.delete(sessionId);
        },
      );
      entry = starting;
    }
    return entry;
  }

  async function start(clientId: string, sessionId: string, chosenMode: TurnTaking | null): Promise<LiveVoice> {
    // Speech and voice notices go to the window that talks; answers and traces to every window
    // that has the session open.
    const emit: Emit = (event, payload) => options.emit(event, payload, { to: 'client', clientId });
    const { runtime, traceOfRun, mode } = await createSessionVoice(options, {
      sessionId,
      mode: chosenMode,
      output: {
        play: (runId, chunk, chunkId) =>
          emit('audioOut', { sessionId, runId, chunkId, sampleRate: chunk.sampleRate, pcm16: toBase64(chunk.samples) }),
        stop: (runId) => emit('audioStop', { sessionId, runId }),
      },
      onNotice: (notice) => emit('voice', { sessionId, notice }),
    });
    return { runtime, traceOfRun, mode, stale: false };
  }

  async function stop(sessionId: string): Promise<void> {
    const entry = live.get(sessionId);
    live.delete(sessionId);
    ready.delete(sessionId);
    speakers.delete(sessionId);
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
    async retry(clientId, sessionId, runId) {
      const { runtime } = await voiceFor(clientId, sessionId);
      if (!runtime.retryTranscription(runId)) {
        throw new AppError('not_found', 'that recording is no longer kept (only the last few failed ones are): say it again');
      }
    },
    async speak(clientId, sessionId, text) {
      (await voiceFor(clientId, sessionId)).runtime.announce(text);
    },
    async playback(clientId, report) {
      const { runtime } = await voiceFor(clientId, report.sessionId);
      if (report.event === 'started') runtime.playbackStarted(report.runId, report.chunkId);
      else if (report.event === 'progress') runtime.playbackProgress(report.runId, report.heardMs);
      else if (report.event === 'failed') runtime.playbackFailed(report.runId, report.reason ?? 'the page cannot play audio');
      else runtime.playbackEnded(report.runId, report.chunkId);
    },
    async clientGone(clientId) {
      // Freed at once (not after an await): another window may take the voice right away.
      const mine = [...speakers].filter(([, speaker]) => speaker === clientId).map(([sessionId]) => sessionId);
      await Promise.all(mine.map(stop));
    },
    settingsChanged() {
      for (const voice of ready.values()) voice.stale = true;
    },
    async announce(sessionId, text, clients) {
      if (sessionId === null) {
        for (const voice of ready.values()) voice.runtime.announce(text, { urgent: true });
        return;
      }
      // Once, in the voice of the window that has it, or of the first window when none has.
      const speaker = speakers.get(sessionId) ?? clients[0];
      if (speaker === undefined || !clients.includes(speaker)) return;
      try {
        (await voiceFor(speaker, sessionId)).runtime.announce(text, { urgent: true });
      } catch (error) {
        sessionLogger(options.logger, sessionId).warn({ code: 'announcement_unspoken', err: error }, 'an announcement could not be spoken; it is shown only');
      }
    },
    newQuestion(sessionId) {
      ready.get(sessionId)?.runtime.stop();
    },
    async close() {
      await Promise.all([...live.keys()].map(stop));
    },
  };
}

/** A client as its owner would recognise it: a desktop window by number, a browser connection by the start of its id. */
function describeClient(clientId: string): string {
  const window = /^window-(\d+)$/.exec(clientId);
  return window ? `desktop window ${window[1]}` : `browser connection ${clientId.slice(0, 8)}`;
}

const toBase64 = (samples: Int16Array) => Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');

/** PCM16 LE as raw bytes or base64 -> samples; an odd trailing byte is dropped. */
export function pcm16FromWire(pcm16: string | Uint8Array): Int16Array {
  const bytes = typeof pcm16 === 'string' ? Buffer.from(pcm16, 'base64') : Buffer.from(pcm16.buffer, pcm16.byteOffset, pcm16.byteLength);
  const samples = new Int16Array(Math.floor(bytes.length / 2));
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
  return samples;
}

