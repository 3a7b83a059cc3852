import { z } from 'zod';

// Voice traffic between the renderer and main: audio both ways (PCM16 little-endian, base64 in
// JSON) and the notices the UI shows. Kept in step with src/main/core/voice/voice-types.ts.

export const VoicePhaseSchema = z.enum(['idle', 'listening', 'transcribing', 'thinking', 'speaking', 'interrupted']);
export const TurnTakingSchema = z.enum(['push_to_talk', 'hands_free']);

export const VoiceNoticeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('phase'), phase: VoicePhaseSchema, runId: z.string().nullable() }),
  z.object({ kind: z.literal('user_transcript'), runId: z.string(), text: z.string(), final: z.boolean() }),
  z.object({ kind: z.literal('assistant_text'), runId: z.string(), text: z.string(), spoken: z.boolean() }),
  z.object({ kind: z.literal('interrupted'), runId: z.string(), heardText: z.string() }),
  z.object({ kind: z.literal('error'), runId: z.string().nullable(), message: z.string() }),
]);
export type VoiceNoticeMessage = z.infer<typeof VoiceNoticeSchema>;

/** Base64 of PCM16 little-endian mono samples. ~1 s of 16 kHz input per message at most. */
const Pcm16Base64 = z
  .string()
  .max(64 * 1024)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 PCM16');

export const VoiceAudioParamsSchema = z.object({
  sessionId: z.string().min(1).max(64),
  /** 16 kHz mono PCM16 LE from the microphone. */
  pcm16: Pcm16Base64,
});

export const VoiceEventSchema = z.object({ sessionId: z.string(), notice: VoiceNoticeSchema });
export type VoiceEventPayload = z.infer<typeof VoiceEventSchema>;

export const AudioOutSchema = z.object({
  sessionId: z.string(),
  runId: z.string(),
  chunkId: z.string(),
  sampleRate: z.number().int().positive(),
  pcm16: z.string(),
});
export type AudioOut = z.infer<typeof AudioOutSchema>;

export const AudioStopSchema = z.object({ sessionId: z.string(), runId: z.string() });
export type AudioStop = z.infer<typeof AudioStopSchema>;

export const PlaybackReportSchema = z.object({
  sessionId: z.string().min(1).max(64),
  runId: z.string().min(1).max(64),
  chunkId: z.string().min(1).max(64),
  event: z.enum(['started', 'progress', 'ended']),
  /** Audio of this run heard so far, ms. */
  heardMs: z.number().nonnegative().max(3_600_000).default(0),
});
