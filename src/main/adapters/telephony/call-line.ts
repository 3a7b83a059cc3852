import type { VoiceOutput } from '../../cascade/voice-runtime-types.ts';
import type { PlaybackReports } from './outbound-speech.ts';

// The two sides of a carrier's call (a Twilio Media Stream, a SIP dialog with its RTP): what it
// hands the voice session it is part of, and what the session speaks and hangs up through.

export interface CallAudioSink extends PlaybackReports {
  /** 16 kHz mono PCM16 from the caller. */
  audio(samples: Int16Array): void;
  dtmf(digit: string): void;
  /** The call is over: the caller hung up ('stopped'), or the line went ('disconnected'). */
  ended(reason: 'stopped' | 'disconnected'): void;
}

export interface CallMedia extends VoiceOutput {
  /** Hangs up from our side. */
  close(): void;
  /** Resolves once what was sent has played, or after `timeoutMs`. */
  whenQuiet(timeoutMs: number): Promise<void>;
}
