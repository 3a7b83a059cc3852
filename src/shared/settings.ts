import { z } from 'zod';

// Every field has a default, so `SettingsSchema.parse({})` is the built-in configuration the app
// falls back on when a YAML file is broken. `prefault({})` (not `default`) makes zod parse the
// empty object through the inner defaults.

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;

export const AssistantSettingsSchema = z
  .object({
    name: z.string().trim().min(1).max(40).default('Assistant'),
    language: z.string().regex(LANGUAGE_TAG, 'a language tag such as "en" or "pt-BR"').default('en'),
  })
  .prefault({});

export const VoiceSettingsSchema = z
  .object({
    mode: z.enum(['push_to_talk', 'hands_free']).default('push_to_talk'),
    pushToTalkKey: z.string().min(1).max(32).default('Space'),
    globalShortcut: z.string().min(1).max(64).default('CommandOrControl+Shift+Space'),
    /** Multiplier on the voice's natural rate. */
    speakingRate: z.number().min(0.5).max(2).default(1),
    /** The browser's microphone processing (getUserMedia constraints). */
    echoCancellation: z.boolean().default(true),
    noiseSuppression: z.boolean().default(true),
    autoGainControl: z.boolean().default(true),
  })
  .prefault({});

export const OpenAiSettingsSchema = z
  .object({
    baseURL: z.url().default('https://api.openai.com/v1'),
    chatModel: z.string().min(1).default('gpt-4o-mini'),
    transcriptionModel: z.string().min(1).default('gpt-4o-mini-transcribe'),
    speechModel: z.string().min(1).default('gpt-4o-mini-tts'),
    speechVoice: z.string().min(1).default('alloy'),
  })
  .prefault({});

export const LoggingSettingsSchema = z
  .object({
    level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .prefault({});

export const UiSettingsSchema = z
  .object({
    theme: z.enum(['system', 'light', 'dark']).default('system'),
  })
  .prefault({});

export const SettingsSchema = z.object({
  assistant: AssistantSettingsSchema,
  voice: VoiceSettingsSchema,
  providers: z.object({ openai: OpenAiSettingsSchema }).prefault({}),
  logging: LoggingSettingsSchema,
  ui: UiSettingsSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

/** A change from the settings panel: any subset of fields, nested. Unknown keys are refused. */
export const SettingsPatchSchema = z.strictObject({
  assistant: AssistantSettingsSchema.unwrap().partial().strict().optional(),
  voice: VoiceSettingsSchema.unwrap().partial().strict().optional(),
  providers: z
    .strictObject({ openai: OpenAiSettingsSchema.unwrap().partial().strict().optional() })
    .optional(),
  logging: LoggingSettingsSchema.unwrap().partial().strict().optional(),
  ui: UiSettingsSchema.unwrap().partial().strict().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const defaultSettings = (): Settings => SettingsSchema.parse({});
