import type { PlaybackReports } from './outbound-speech.ts';

// What a carrier's call (a Twilio Media Stream, a SIP dialog with its RTP) hands the voice session
// it is part of.

export interface CallAudioSink extends PlaybackReports {
  /** 16 kHz mono PCM16 from the caller. */
  audio(samples: Int16Array): void;
  dtmf(digit: string): void;
  /** The call is over: the caller hung up ('stopped'), or the line went ('disconnected'). */
  ended(reason: 'stopped' | 'disconnected'): void;
}
