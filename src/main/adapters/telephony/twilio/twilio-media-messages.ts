import { z } from 'zod';

// Twilio Media Streams' WebSocket messages, as Twilio documents them
// (twilio.com/docs/voice/media-streams/websocket-messages). Inbound ones are parsed strictly
// enough to trust their fields and loosely enough to accept what Twilio adds later.

const Sid = z.string().min(1).max(64);
/** Base64 of 8 kHz mu-law; Twilio sends 20 ms (160 bytes) per message. 4 KB of audio at most. */
const MuLawBase64 = z.string().max(5464).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const TwilioInboundSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('connected'), protocol: z.string().optional(), version: z.string().optional() }),
  z.object({
    event: z.literal('start'),
    sequenceNumber: z.string().optional(),
    streamSid: Sid,
    start: z.object({
      streamSid: Sid.optional(),
      accountSid: Sid.optional(),
      callSid: Sid,
      tracks: z.array(z.string()).optional(),
      mediaFormat: z.object({ encoding: z.string(), sampleRate: z.number(), channels: z.number() }),
      customParameters: z.record(z.string(), z.string()).optional(),
    }),
  }),
  z.object({
    event: z.literal('media'),
    sequenceNumber: z.string().optional(),
    streamSid: Sid.optional(),
    media: z.object({ track: z.string().optional(), chunk: z.string().optional(), timestamp: z.string().optional(), payload: MuLawBase64 }),
  }),
  z.object({ event: z.literal('mark'), sequenceNumber: z.string().optional(), streamSid: Sid.optional(), mark: z.object({ name: z.string().max(256) }) }),
  z.object({ event: z.literal('dtmf'), sequenceNumber: z.string().optional(), streamSid: Sid.optional(), dtmf: z.object({ track: z.string().optional(), digit: z.string().regex(/^[0-9*#A-D]$/) }) }),
  z.object({ event: z.literal('stop'), sequenceNumber: z.string().optional(), streamSid: Sid.optional(), stop: z.object({ accountSid: Sid.optional(), callSid: Sid.optional() }).optional() }),
]);
export type TwilioInbound = z.infer<typeof TwilioInboundSchema>;
export type TwilioStart = Extract<TwilioInbound, { event: 'start' }>;

/** The one format a bidirectional stream carries. */
export const isMuLaw8kMono = (format: TwilioStart['start']['mediaFormat']) =>
  format.encoding === 'audio/x-mulaw' && format.sampleRate === 8000 && format.channels === 1;

export type ParsedInbound = { ok: true; message: TwilioInbound } | { ok: false; reason: string };

/** Never throws: a text that is not JSON or not a known message says why. */
export function parseTwilioMessage(text: string): ParsedInbound {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = TwilioInboundSchema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'not a Media Streams message'}` };
}

export const mediaMessage = (streamSid: string, payload: Uint8Array) =>
  JSON.stringify({ event: 'media', streamSid, media: { payload: Buffer.from(payload).toString('base64') } });
export const markMessage = (streamSid: string, name: string) => JSON.stringify({ event: 'mark', streamSid, mark: { name } });
export const clearMessage = (streamSid: string) => JSON.stringify({ event: 'clear', streamSid });
