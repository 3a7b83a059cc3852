import type { Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { openUdpSocket } from './udp-socket.ts';
import type { VoiceOutput } from '../../../cascade/voice-runtime-types.ts';
import { createJitterBuffer, type JitterStats } from '../../../core/phone/jitter-buffer.ts';
import { createDigitDetector } from '../../../core/phone/telephone-events.ts';
import { decodeMuLaw } from '../../audio/mulaw.ts';
import { StreamingResampler } from '../../audio/resample.ts';
import type { CallAudioSink } from '../call-line.ts';
import { FRAME_MS, LEAD_FRAMES } from '../frame-pacer.ts';
import { CARRIER_RATE, createOutboundSpeech } from '../outbound-speech.ts';
import type { AudioOffer } from './sdp-answer.ts';
import { readRtp, writeRtp } from './rtp-packets.ts';

// The audio of one SIP call: an RTP socket of its own. The caller's PCMU goes through a small
// jitter buffer, drained one frame per 20 ms on the clock, to 16 kHz PCM16 for the voice session;
// RFC 4733 telephone-events become keypad digits. Packets are taken only from the address and port
// the caller's SDP gave (anyone else's, and RTCP, are dropped). The assistant's speech goes out as
// paced RTP; RTP acknowledges nothing, so a chunk counts as heard once its last frame was sent and
// the lead the pacer keeps at the far end has had time to play.

/** Frames held before the caller's audio plays on: 60 ms of reordering absorbed. */
const JITTER_DEPTH = 3;
/** A caller sends RTP all the time (silence too) unless on hold: this long without any, it is gone. */
export const SILENT_LINE_MS = 30_000;
/** Bigger datagrams are not telephone audio. */
const MAX_DATAGRAM_BYTES = 1500;
/** Samples per 20 ms frame at 8 kHz: the RTP timestamp step. */
const FRAME_SAMPLES = (CARRIER_RATE * FRAME_MS) / 1000;
const MU_LAW_SILENCE_FRAME = new Uint8Array(FRAME_SAMPLES).fill(0xff);

export interface RtpLineOptions {
  /** The local address to bind (the SIP endpoint's). */
  bindAddress: string;
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
  logger: Logger;
  onFrameLateness?(lateMs: number): void;
  /** No RTP from the caller this long (ms, not counting a hold): the line is dead. */
  silentLineMs?: number;
  /** Said once, when the line has been silent for `silentLineMs` (a caller gone without a BYE). */
  onSilentLine?(): void;
}

export interface RtpLineStats extends JitterStats {
  /** Datagrams from another address than the negotiated one, or not RTP. */
  refused: number;
  sent: number;
}

export interface RtpLine extends VoiceOutput {
  port(): number;
  /** Where our RTP goes and which payload types the caller uses (the INVITE's offer, then each re-INVITE's). */
  setRemote(offer: AudioOffer): void;
  /** The voice session the audio goes to, once the call is answered. */
  attach(sink: CallAudioSink): void;
  whenQuiet(timeoutMs: number): Promise<void>;
  stats(): RtpLineStats;
  close(): void;
}

export async function openRtpLine(options: RtpLineOptions): Promise<RtpLine> {
  const { logger } = options;
  const socket: Socket = await openUdpSocket(options.bindAddress, 0, logger, 'RTP');
  const port = socket.address().port;

  let remote: AudioOffer | null = null;
  let sink: CallAudioSink | null = null;
  let closed = false;
  const jitter = createJitterBuffer(JITTER_DEPTH);
  const digits = createDigitDetector();
  const inbound = new StreamingResampler(CARRIER_RATE, 16000);
  let refused = 0;
  let sent = 0;
  let sendFailures = 0;
  let lastHeardAt = options.now();
  let saidSilent = false;
  const silentLineMs = options.silentLineMs ?? SILENT_LINE_MS;

  // Outbound RTP header state (RFC 3550): a random SSRC, sequence and timestamp origin.
  const ssrc = randomInt(0, 2 ** 32);
  let sequence = randomInt(0, 2 ** 16);
  let timestamp = randomInt(0, 2 ** 32);
  let lastSentAt: number | null = null;

  function sendFrame(payload: Uint8Array): void {
    if (closed || !remote || remote.onHold) return;
    const now = options.now();
    // After a pause the timestamp moves on by the time that passed, and the marker bit says talk resumed.
    const resumed = lastSentAt === null || now - lastSentAt > 2 * FRAME_MS;
    if (lastSentAt !== null) timestamp += resumed ? Math.round(((now - lastSentAt) * CARRIER_RATE) / 1000) : FRAME_SAMPLES;
    lastSentAt = now;
    const packet = writeRtp({ payloadType: remote.pcmuPayloadType, sequence: sequence++, timestamp, ssrc, marker: resumed, payload });
    sent += 1;
    try {
      socket.send(packet, remote.port, remote.address);
    } catch (error) {
      // The offer's address and port were checked; this is the socket refusing (closing under us).
      if (sendFailures++ === 0) logger.warn({ code: 'rtp_send_failed', err: error }, `RTP could not be sent: ${(error as Error).message}`);
    }
  }

  const speech = createOutboundSpeech({
    now: options.now,
    setTimer: options.setTimer,
    ...(options.onFrameLateness ? { onFrameLateness: options.onFrameLateness } : {}),
    sendFrame,
    // The far end has played a chunk once the lead sent ahead of it has played too.
    sendMark: (name) => void options.setTimer(() => speech.markBack(name), LEAD_FRAMES * FRAME_MS),
    // RTP cannot take back what was sent: the pacer stops, the lead already sent plays out.
    sendClear: () => undefined,
    reports: () => sink,
  });

  // The jitter buffer drains on our clock: as many frames as 20 ms steps have passed.
  const drainStartedAt = options.now();
  let drained = 0;
  let cancelDrain: (() => void) | null = null;
  function drain(): void {
    if (closed) return;
    const due = Math.floor((options.now() - drainStartedAt) / FRAME_MS) - drained;
    // After a long stall (a suspended machine) play on from now rather than catching up.
    for (let step = 0; step < Math.min(due, 10); step++) {
      const frame = jitter.pull();
      // Before the answer (while it rings) the caller's audio is drained, not decoded: nobody listens yet.
      if (frame === undefined || !sink) continue;
      const samples16k = inbound.push(decodeMuLaw(frame ?? MU_LAW_SILENCE_FRAME));
      if (samples16k.length > 0) sink.audio(samples16k);
    }
    drained += due;
    if (remote?.onHold || !sink) lastHeardAt = options.now();
    else if (!saidSilent && options.now() - lastHeardAt > silentLineMs) {
      saidSilent = true;
      logger.warn({ code: 'rtp_silent_line', silentMs: options.now() - lastHeardAt }, 'no audio from the caller for a long time: the line is taken as dead');
      options.onSilentLine?.();
    }
    cancelDrain = options.setTimer(drain, FRAME_MS);
  }
  drain();

  socket.on('message', (datagram, from) => {
    if (closed) return;
    if (!remote || from.address !== remote.address || from.port !== remote.port || datagram.length > MAX_DATAGRAM_BYTES) {
      if (refused++ === 0) logger.warn({ code: 'rtp_refused', from: `${from.address}:${from.port}` }, 'RTP from another address than the call negotiated: dropped (said once per call)');
      return;
    }
    const packet = readRtp(datagram);
    if (!packet) return;
    lastHeardAt = options.now();
    if (packet.payloadType === remote.telephoneEventPayloadType) {
      for (const digit of digits.push(packet.timestamp, packet.payload)) sink?.dtmf(digit);
      return;
    }
    if (packet.payloadType !== remote.pcmuPayloadType) return;
    jitter.push({ sequence: packet.sequence, payload: packet.payload });
  });

  return {
    port: () => port,
    setRemote(offer) {
      remote = offer;
    },
    attach(next) {
      sink = next;
      // Silence while it rang does not count.
      lastHeardAt = options.now();
    },
    play(runId, chunk, chunkId) {
      if (!closed) speech.play(runId, chunk, chunkId);
    },
    stop: (runId) => speech.stop(runId),
    whenQuiet: (timeoutMs) => speech.whenQuiet(timeoutMs),
    stats: () => ({ ...jitter.stats(), refused, sent }),
    close() {
      if (closed) return;
      closed = true;
      cancelDrain?.();
      speech.close();
      socket.close();
    },
  };
}
