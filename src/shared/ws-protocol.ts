import { z } from 'zod';
import { ContractErrorSchema } from './result.ts';
import { MAX_PCM16_BYTES_PER_MESSAGE } from './voice.ts';

// The headless host's WebSocket wire format: JSON text frames, one message each, and binary
// frames for microphone audio (below).

/** Larger JSON messages get a `payload_too_large` reply; the socket stays open. */
export const MAX_JSON_MESSAGE_BYTES = 256 * 1024;

export const WsRequestSchema = z.object({
  type: z.literal('request'),
  id: z.union([z.string().min(1).max(64), z.number().int()]),
  method: z.string().min(1).max(64),
  params: z.unknown().optional(),
});
export type WsRequest = z.infer<typeof WsRequestSchema>;

export type WsReply = {
  type: 'reply';
  /** Null when the request was too broken to carry an id. */
  id: string | number | null;
  result: { ok: true; value: unknown } | { ok: false; error: z.infer<typeof ContractErrorSchema> };
};

export type WsEvent = { type: 'event'; event: string; payload: unknown };

export type WsServerMessage = WsReply | WsEvent;

/** The socket's path inside the page's token prefix (`/t/<token>/ws`, see src/main/server/access-token.ts). */
export const WS_PATH = '/ws';

// Microphone audio travels in binary frames rather than base64 JSON (a third smaller, and no
// encoding on either side). One frame is one `voiceAudio` request and gets the usual JSON reply:
//
//   byte 0        AUDIO_FRAME_KIND
//   bytes 1-4     request id, uint32 little-endian (the reply's `id`)
//   byte 5        n = byte length of the session id (UTF-8, 1..64)
//   bytes 6..6+n  session id
//   the rest      16 kHz mono PCM16 little-endian samples (an even number of bytes)

export const AUDIO_FRAME_KIND = 0x01;
const AUDIO_HEADER_BYTES = 6;
const MAX_SESSION_ID_BYTES = 64;

export type AudioFrame = { id: number; sessionId: string; pcm16: Uint8Array };

export function encodeAudioFrame(frame: AudioFrame): Uint8Array<ArrayBuffer> {
  const sessionId = new TextEncoder().encode(frame.sessionId);
  if (sessionId.length === 0 || sessionId.length > MAX_SESSION_ID_BYTES) {
    throw new RangeError(`session id must be 1-${MAX_SESSION_ID_BYTES} bytes`);
  }
  if (!Number.isInteger(frame.id) || frame.id < 0 || frame.id > 0xffffffff) throw new RangeError('request id must be a uint32');
  const bytes = new Uint8Array(AUDIO_HEADER_BYTES + sessionId.length + frame.pcm16.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, AUDIO_FRAME_KIND);
  view.setUint32(1, frame.id, true);
  view.setUint8(5, sessionId.length);
  bytes.set(sessionId, AUDIO_HEADER_BYTES);
  bytes.set(frame.pcm16, AUDIO_HEADER_BYTES + sessionId.length);
  return bytes;
}

export type DecodedAudioFrame =
  | { ok: true; frame: AudioFrame }
  /** `id` is set when the header was readable, so the error can answer the right request. */
  | { ok: false; id: number | null; code: 'bad_request' | 'payload_too_large'; message: string };

/** Never throws; the PCM bytes are a view into `bytes`, not a copy. */
export function decodeAudioFrame(bytes: Uint8Array): DecodedAudioFrame {
  if (bytes.length < AUDIO_HEADER_BYTES) return { ok: false, id: null, code: 'bad_request', message: 'binary frame is shorter than its header' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = view.getUint8(0);
  if (kind !== AUDIO_FRAME_KIND) return { ok: false, id: null, code: 'bad_request', message: `unknown binary frame kind ${kind}` };
  const id = view.getUint32(1, true);
  const sessionIdBytes = view.getUint8(5);
  const pcmStart = AUDIO_HEADER_BYTES + sessionIdBytes;
  if (sessionIdBytes === 0 || sessionIdBytes > MAX_SESSION_ID_BYTES || pcmStart > bytes.length) {
    return { ok: false, id, code: 'bad_request', message: 'binary audio frame has a bad session id length' };
  }
  let sessionId: string;
  try {
    sessionId = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(AUDIO_HEADER_BYTES, pcmStart));
  } catch {
    return { ok: false, id, code: 'bad_request', message: 'binary audio frame session id is not UTF-8' };
  }
  const pcm16 = bytes.subarray(pcmStart);
  if (pcm16.length % 2 !== 0) return { ok: false, id, code: 'bad_request', message: 'binary audio frame has an odd number of PCM16 bytes' };
  if (pcm16.length > MAX_PCM16_BYTES_PER_MESSAGE) {
    return { ok: false, id, code: 'payload_too_large', message: `binary audio frame of ${pcm16.length} PCM bytes exceeds the ${MAX_PCM16_BYTES_PER_MESSAGE}-byte limit` };
  }
  return { ok: true, frame: { id, sessionId, pcm16 } };
}
