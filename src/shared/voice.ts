import { z } from 'zod';

// Voice traffic between the renderer and main: audio both ways (PCM16 little-endian: raw bytes
// from the microphone, base64 in JSON otherwise) and the notices the UI shows. Kept in step with src/main/core/voice-loop/voice-types.ts.

export const VoicePhaseSchema = z.enum(['idle', 'listening', 'transcribing', 'thinking', 'speaking', 'interrupted']);
export const TurnTakingSchema = z.enum(['push_to_talk', 'hands_free', 'wake_word']);

export const VoiceNoticeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('phase'), phase: VoicePhaseSchema, runId: z.string().nullable() }),
  z.object({ kind: z.literal('user_transcript'), runId: z.string(), text: z.string(), final: z.boolean() }),
  z.object({ kind: z.literal('assistant_text'), runId: z.string(), text: z.string(), spoken: z.boolean() }),
  z.object({ kind: z.literal('interrupted'), runId: z.string(), heardText: z.string() }),
  z.object({ kind: z.literal('error'), runId: z.string().nullable(), message: z.string() }),
  z.object({ kind: z.literal('transcription_failed'), runId: z.string(), message: z.string(), reason: z.enum(['no_recognizer', 'failed', 'timed_out']) }),
  z.object({ kind: z.literal('wake_heard'), phrase: z.string() }),
]);
export type VoiceNoticeMessage = z.infer<typeof VoiceNoticeSchema>;

/** 1.5 s of 16 kHz PCM16 per message at most (the base64 form's 64 KB limit, decoded). */
export const MAX_PCM16_BYTES_PER_MESSAGE = 48 * 1024;

/** Base64 of PCM16 little-endian mono samples. */
const Pcm16Base64 = z
  .string()
  .max((MAX_PCM16_BYTES_PER_MESSAGE / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 PCM16');

/** The same samples as raw bytes: a binary WebSocket frame, or a typed array over Electron IPC. */
const Pcm16Bytes = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.length % 2 === 0, 'an even number of PCM16 bytes')
  .refine((bytes) => bytes.length <= MAX_PCM16_BYTES_PER_MESSAGE, `at most ${MAX_PCM16_BYTES_PER_MESSAGE} bytes`);

export const VoiceAudioParamsSchema = z.object({
  sessionId: z.string().min(1).max(64),
  /** 16 kHz mono PCM16 LE from the microphone. */
  pcm16: z.union([Pcm16Bytes, Pcm16Base64]),
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
  /** failed: the page cannot play this run's audio (`reason` says why); it shows the text instead. */
  event: z.enum(['started', 'progress', 'ended', 'failed']),
  /** Audio of this run heard so far, ms. */
  heardMs: z.number().nonnegative().max(3_600_000).default(0),
  reason: z.string().max(500).optional(),
});
