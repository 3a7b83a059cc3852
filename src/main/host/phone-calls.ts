import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { TwilioCallStart } from '../adapters/telephony/twilio/twilio-media-call.ts';
import type { CallAudioSink, CallMedia } from '../adapters/telephony/call-line.ts';
import { sessionLogger } from '../adapters/logging/logger.ts';
import { AppError } from '../core/errors.ts';
import type { TwilioRest } from '../adapters/telephony/twilio/twilio-rest.ts';
import type { Clock } from '../ports/clock.ts';
import type { HostKind, SessionStore } from '../ports/session-store.ts';
import { createSessionVoice, type SessionVoiceDeps } from './session-voice.ts';

// A phone call is a voice session like a window's: its own session in the store, the same
// conversation engine, agents, tools, memory and traces, hands-free turn-taking through the
// main-side VAD. This keeps the calls that are going on and the record of the ones that ended.

export type CallState = 'ringing' | 'in_progress' | 'ended';

export interface CallRecord {
  id: string;
  carrier: 'twilio' | 'sip';
  /** The caller's number or SIP address, when the carrier says. */
  caller: string | null;
  /** The carrier's call id (Twilio's CallSid). */
  carrierCallId: string;
  sessionId: string;
  startedAt: number;
  endedAt: number | null;
  state: CallState;
  endedBy: 'caller' | 'assistant' | 'disconnected' | null;
}

/** An agent's hang-up waits for the goodbye it said to be heard, this long at most (ms). */
const GOODBYE_MS = 10_000;

export interface PhoneCallsOptions extends SessionVoiceDeps {
  sessions: SessionStore;
  hostKind: HostKind;
  clock: Clock;
  logger: Logger;
  setTimer(fn: () => void, ms: number): () => void;
  /** A call started or ended. */
  onChange?(record: CallRecord): void;
  /** Twilio's REST API for this account (hang up, transfer); null when no account SID or token is set. */
  twilioRest(): TwilioRest | null;
  /** The numbers a call may be handed to (Settings › Phone); any other is refused. */
  transferNumbers(): string[];
}

/** Keypad digits are gathered until # or this long without another one (ms), then said to the agent. */
export const DTMF_PAUSE_MS = 2000;

export interface PhoneCalls {
  /** A Twilio Media Stream started (its webhook was signed and answered by us): the sink for its audio. */
  startTwilioCall(start: TwilioCallStart, media: CallMedia): Promise<CallAudioSink>;
  /** A SIP call was answered (its caller allowed, authenticated when a password is set). */
  startSipCall(call: { callId: string; caller: string }, media: CallMedia): Promise<CallAudioSink>;
  list(): CallRecord[];
  hangUp(callId: string): boolean;
  /** Hangs up once the turn in progress has been said and heard (an agent's goodbye), not before. */
  hangUpAfterTurn(callId: string): boolean;
  /** The call a session belongs to (a tool's context knows only its session). */
  callOfSession(sessionId: string): CallRecord | null;
  /** Hands the call to another number (Twilio dials it); the assistant leaves the call. */
  transfer(callId: string, number: string): Promise<void>;
  /** Ends every call (the host is closing). */
  close(): Promise<void>;
}

/** Calls kept after they ended, newest last. */
const MAX_ENDED_CALLS = 50;

export function createPhoneCalls(options: PhoneCallsOptions): PhoneCalls {
  const calls = new Map<string, { record: CallRecord; media: CallMedia; end: (by: CallRecord['endedBy']) => Promise<void>; hangUpWhenDone: boolean; transferring: boolean; afterGoodbye: () => void; busy: () => boolean }>();

  async function startCall(line: { carrier: CallRecord['carrier']; carrierCallId: string; caller: string | null }, media: CallMedia): Promise<CallAudioSink> {
    const id = randomUUID();
    const session = options.sessions.createSession({ id: randomUUID(), host: options.hostKind, startedAt: options.clock.now(), title: `Call from ${line.caller ?? 'unknown'}` });
    const logger = sessionLogger(options.logger, session.id).child({ callId: id });
    const record: CallRecord = {
      id,
      carrier: line.carrier,
      caller: line.caller,
      carrierCallId: line.carrierCallId,
      sessionId: session.id,
      startedAt: options.clock.now(),
      endedAt: null,
      state: 'in_progress',
      endedBy: null,
    };
    let toldNoRecognizer = false;
    let audioRefusals = 0;
    let voice;
    try {
      voice = await createSessionVoice(options, {
      sessionId: session.id,
      mode: 'hands_free',
      output: media,
      // Telephone audio: espeak-ng resamples on its worker thread, not between the frames.
      outputSampleRate: 8000,
      onNotice: (notice) => {
        const call = calls.get(id);
        // The agent asked to hang up: once its turn is over and its goodbye has played.
        if (notice.kind === 'phase' && (notice.phase === 'listening' || notice.phase === 'idle') && call?.hangUpWhenDone) call.afterGoodbye();
        if (notice.kind !== 'error' && notice.kind !== 'transcription_failed') return;
        logger.warn({ code: 'call_voice_error', reason: notice.message }, notice.message);
        // A caller has no screen: say, once, what the window would have shown.
        if (notice.kind === 'transcription_failed' && notice.reason === 'no_recognizer' && !toldNoRecognizer) {
          toldNoRecognizer = true;
          runtime.announce("Sorry, I can't understand speech on this line yet: speech recognition is not set up on this assistant.");
        }
      },
      });
    } catch (error) {
      options.sessions.endSession(session.id, options.clock.now());
      throw error;
    }
    const { runtime } = voice;
    const keypad = gatherDigits(options.setTimer, (digits) => {
      logger.info({ code: 'call_dtmf', digits: digits.length }, 'keypad digits go to the agent');
      runtime.typed(`(on the keypad) ${digits}`);
    });
    let ending: Promise<void> | null = null;
    const end = (by: CallRecord['endedBy']) =>
      (ending ??= (async () => {
        record.state = 'ended';
        record.endedAt = options.clock.now();
        // Twilio ends the stream itself once a transfer's <Dial> takes over: that end is ours.
        record.endedBy = calls.get(id)?.transferring ? 'assistant' : by;
        keypad.cancel();
        // What was being said is cut off and stored as heard before the runtime goes.
        runtime.hangUp();
        // The record first (the store may be closing with the host), then the voice runtime.
        try {
          options.sessions.endSession(session.id, record.endedAt);
        } catch (error) {
          logger.warn({ code: 'call_end_not_stored', err: error }, 'the end of the call was not stored');
        }
        await runtime.close();
        options.onChange?.({ ...record });
        logger.info({ code: 'call_ended', endedBy: by, durationMs: record.endedAt - record.startedAt }, 'call ended');
        pruneEnded();
      })());
    const entry = {
      record,
      media,
      end,
      hangUpWhenDone: false,
      transferring: false,
      afterGoodbye() {
        entry.hangUpWhenDone = false;
        void media.whenQuiet(GOODBYE_MS).then(() => {
          void end('assistant');
          media.close();
        });
      },
      busy: () => !['idle', 'listening'].includes(runtime.phase()),
    };
    calls.set(id, entry);
    options.onChange?.({ ...record });
    logger.info({ code: 'call_started', carrier: line.carrier, carrierCallId: line.carrierCallId }, 'call answered');
    return {
      audio: (samples) => {
        runtime.pushAudio(samples).catch((error: unknown) => {
          // Once per call: a flood would otherwise be a log line per 20 ms frame.
          if (audioRefusals++ === 0) logger.warn({ code: 'call_audio_refused', err: error }, 'caller audio refused (said once per call)');
        });
      },
      dtmf: (digit) => keypad.press(digit),
      playbackStarted: (runId, chunkId) => runtime.playbackStarted(runId, chunkId),
      playbackProgress: (runId, heardMs) => runtime.playbackProgress(runId, heardMs),
      playbackEnded: (runId, chunkId) => runtime.playbackEnded(runId, chunkId),
      ended: (reason) => void end(reason === 'stopped' ? 'caller' : 'disconnected'),
    };
  }

  function pruneEnded(): void {
    const ended = [...calls.values()].filter((call) => call.record.state === 'ended');
    for (const call of ended.slice(0, Math.max(0, ended.length - MAX_ENDED_CALLS))) calls.delete(call.record.id);
  }

  return {
    startTwilioCall: (start, media) => startCall({ carrier: 'twilio', carrierCallId: start.callSid, caller: start.customParameters?.from ?? null }, media),
    startSipCall: (call, media) => startCall({ carrier: 'sip', carrierCallId: call.callId, caller: call.caller }, media),
    list: () => [...calls.values()].map((call) => ({ ...call.record })),
    hangUp(callId) {
      const call = calls.get(callId);
      if (!call || call.record.state === 'ended') return false;
      void call.end('assistant');
      call.media.close();
      return true;
    },
    hangUpAfterTurn(callId) {
      const call = calls.get(callId);
      if (!call || call.record.state === 'ended') return false;
      call.hangUpWhenDone = true;
      // Nothing being said: hang up once what was sent has played.
      if (!call.busy()) call.afterGoodbye();
      return true;
    },
    callOfSession(sessionId) {
      const call = [...calls.values()].find((entry) => entry.record.sessionId === sessionId);
      return call ? { ...call.record } : null;
    },
    async transfer(callId, number) {
      const call = calls.get(callId);
      if (!call || call.record.state === 'ended') throw new AppError('not_found', 'that call is over');
      if (call.record.carrier !== 'twilio') throw new AppError('unavailable', 'only a Twilio call can be transferred; this one came in over SIP');
      // The caller's words pick the number: only the ones the owner listed, or anyone could be dialled on their account.
      if (!options.transferNumbers().includes(number)) {
        throw new AppError('bad_request', `${number} is not one of the numbers calls may be transferred to (Settings › Phone): ${options.transferNumbers().join(', ') || 'none are set'}`);
      }
      const rest = options.twilioRest();
      if (!rest) throw new AppError('unavailable', 'transferring needs the Twilio account SID and auth token in Settings › Phone');
      call.transferring = true;
      try {
        await rest.dial(call.record.carrierCallId, number);
      } catch (error) {
        call.transferring = false;
        throw error;
      }
      options.logger.info({ code: 'call_transferred', callId }, 'call transferred');
      void call.end('assistant');
      call.media.close();
    },
    async close() {
      // The end first: the line closing reports its own end, which would count as the caller's.
      await Promise.all(
        [...calls.values()]
          .filter((call) => call.record.state !== 'ended')
          .map((call) => {
            const ended = call.end('disconnected');
            call.media.close();
            return ended;
          }),
      );
    },
  };
}

/** Digits pressed close together go out as one: on # (not said), or after DTMF_PAUSE_MS without another. */
function gatherDigits(setTimer: PhoneCallsOptions['setTimer'], deliver: (digits: string) => void) {
  let digits = '';
  let cancelTimer: (() => void) | null = null;
  const flush = () => {
    cancelTimer?.();
    cancelTimer = null;
    if (digits) deliver(digits);
    digits = '';
  };
  return {
    press(digit: string) {
      if (digit === '#') return flush();
      digits = (digits + digit).slice(-32);
      cancelTimer?.();
      cancelTimer = setTimer(flush, DTMF_PAUSE_MS);
    },
    cancel() {
      cancelTimer?.();
      digits = '';
    },
  };
}
