import { z } from 'zod';
import { WAKE_PHRASE_VALUES } from './wake-phrases.ts';

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
    mode: z.enum(['push_to_talk', 'hands_free', 'wake_word']).default('push_to_talk'),
    /** Wake-word mode's phrase (an openWakeWord model). */
    wakePhrase: z.enum(WAKE_PHRASE_VALUES).default('hey_jarvis'),
    /** 0..1: higher hears the phrase more readily, and other speech more often too (threshold = 1 - sensitivity). */
    wakeSensitivity: z.number().min(0.05).max(0.95).default(0.5),
    pushToTalkKey: z.string().min(1).max(32).default('Space'),
    globalShortcut: z.string().min(1).max(64).default('CommandOrControl+Shift+Space'),
    /** Multiplier on the voice's natural rate. */
    speakingRate: z.number().min(0.5).max(2).default(1),
    /** The browser's microphone processing (getUserMedia constraints). */
    echoCancellation: z.boolean().default(true),
    noiseSuppression: z.boolean().default(true),
    autoGainControl: z.boolean().default(true),
    /** The embedded espeak-ng's voice for the assistant's language (an espeak id such as "gmw/en-GB-x-rp"); null picks one by language. */
    espeakVoice: z.string().trim().min(1).max(64).nullable().default(null),
    /** Typed answers spoken too: auto = while the microphone is off (the user is not talking). */
    speakTypedAnswers: z.enum(['auto', 'always', 'never']).default('auto'),
    /**
     * A downloaded speech-to-text model (Settings › Speech models) used when no OpenAI-compatible
     * provider is set up; null: none.
     */
    localSpeechModel: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, 'a speech model id such as "whisper-tiny-en"').nullable().default(null),
  })
  .prefault({});

export const OpenAiSettingsSchema = z
  .object({
    /** Only http(s): the saved key for this address's origin goes with every request (see api-keys.ts). */
    baseURL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }).default('https://api.openai.com/v1'),
    chatModel: z.string().min(1).default('gpt-4o-mini'),
    transcriptionModel: z.string().min(1).default('gpt-4o-mini-transcribe'),
    speechModel: z.string().min(1).default('gpt-4o-mini-tts'),
    speechVoice: z.string().min(1).default('alloy'),
    /** The OpenAI voice for answers in a language, by its code ("fr": "nova"); others use speechVoice. */
    speechVoicesByLanguage: z.partialRecord(z.enum(['en', 'fr', 'de', 'es']), z.string().min(1).max(64)).default({}),
  })
  .prefault({});

/**
 * Tuning a user may want without editing the orchestrator's YAML. Null keeps the default: the
 * value in moe_orchestrator.yaml (and moe_realtime_voice.yaml) for the first two, the voice
 * pipeline's built-in value for the others.
 */
export const ThresholdSettingsSchema = z
  .object({
    /** Cosine similarity a cached answer needs to be reused. */
    cacheSimilarity: z.number().min(0.5).max(1).nullable().default(null),
    /** Router score below which a specialist is not asked. */
    routerMinConfidence: z.number().min(0).max(1).nullable().default(null),
    /** Silero speech probability that counts as speech, in main and in the page (built in: 0.5). */
    vadSpeech: z.number().min(0.2).max(0.95).nullable().default(null),
    /** Speech over the answer must last this long to cancel it, ms (built in: 250). */
    bargeInMinSpeechMs: z.number().int().min(0).max(2000).nullable().default(null),
  })
  .prefault({});

export const ConversationSettingsSchema = z
  .object({
    /** The scenario in play (config/scenarios/<name>.yaml): which agents, who starts, their handoffs. */
    scenario: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a scenario name such as "desktop"').default('desktop'),
    /** How much of the conversation a turn sees: the newest messages, at most this many... */
    historyMessages: z.number().int().min(0).max(200).default(20),
    /** ...and within this many tokens (estimated at 4 characters each). */
    historyTokens: z.number().int().min(0).max(100_000).default(3000),
    /** Utterances in another language in a row before the session (its voice, its answers) switches to it. */
    languageSwitchAfter: z.number().int().min(1).max(10).default(2),
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

/** Off by default: a phone number reaching this machine is a deliberate choice. */
export const TwilioSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** The public https address Twilio calls (a tunnel to this machine), without a path; its webhook is <publicUrl>/twilio/voice. */
    publicUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an https:// address (or http:// for a local test)' })]).default(''),
    /** Where /twilio/voice and /twilio/media listen: null = the headless host's own port (the desktop app then uses 8766). */
    port: z.number().int().min(1).max(65535).nullable().default(null),
    /** The numbers a call may be transferred to, comma separated (E.164): the caller's words choose among these only, never a number of their own. */
    transferNumbers: z.string().trim().max(2000).regex(/^(\+[1-9]\d{6,14}(\s*,\s*\+[1-9]\d{6,14})*)?$/, 'numbers in international form (+ and up to 15 digits), separated by commas').default(''),
    /** For the REST calls of the hang-up and transfer tools; the auth token is kept like an API key. */
    accountSid: z.union([z.literal(''), z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an account SID: AC and 32 hex digits')]).default(''),
  })
  .prefault({});

const ipAddress = z.union([z.ipv4(), z.ipv6()], { error: 'an IP address such as 127.0.0.1 or 0.0.0.0' });
/** One address or network: 192.168.1.20, 10.0.0.0/8, ::1. */
const ADDRESS_OR_NETWORK = String.raw`(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-fA-F:]*:[0-9a-fA-F:.]*(\/\d{1,3})?)`;

/** A local SIP endpoint (UDP), off by default: calls from a PBX, a softphone or a SIP trunk on the network. */
export const SipSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** 127.0.0.1 keeps it to this machine; 0.0.0.0 (or one of its addresses) opens it to the network. */
    bindAddress: ipAddress.default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(5060),
    /** The address callers are told to send audio to (Contact, SDP): needed when bound to 0.0.0.0; empty = the bound one. */
    advertisedAddress: z.union([z.literal(''), ipAddress]).default(''),
    /** Where INVITEs may come from, comma separated addresses or networks; the registrar is always allowed. */
    allowedCallers: z
      .string()
      .trim()
      .max(2000)
      .regex(new RegExp(`^(${ADDRESS_OR_NETWORK}(\\s*,\\s*${ADDRESS_OR_NETWORK})*)?$`), 'addresses or networks such as 127.0.0.1, 192.168.1.0/24, separated by commas')
      .default('127.0.0.1'),
    /** A registrar to register with, host[:port] (empty: none); calls for user@host then reach this endpoint. */
    registrar: z.union([z.literal(''), z.string().trim().regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'a host or address, with :port if not 5060')]).default(''),
    /** The user for the registrar and for the digest challenge callers must answer; its password is kept like an API key. */
    user: z.union([z.literal(''), z.string().trim().regex(/^[A-Za-z0-9._~+-]{1,64}$/, 'a SIP user name: letters, digits and . _ ~ + -')]).default(''),
    /** How long a call rings before it is answered, s. */
    ringSeconds: z.number().min(0).max(30).default(0),
  })
  .prefault({});

export const PhoneSettingsSchema = z.object({ twilio: TwilioSettingsSchema, sip: SipSettingsSchema }).prefault({});

export const SettingsSchema = z.object({
  assistant: AssistantSettingsSchema,
  voice: VoiceSettingsSchema,
  providers: z.object({ openai: OpenAiSettingsSchema }).prefault({}),
  thresholds: ThresholdSettingsSchema,
  conversation: ConversationSettingsSchema,
  logging: LoggingSettingsSchema,
  ui: UiSettingsSchema,
  phone: PhoneSettingsSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * A section's fields, each optional and without its default: a patch must carry only what the user
 * changed (a default filled in here would be written over the user's own value in the file).
 */
function patchOf<Shape extends z.ZodRawShape>(section: { unwrap(): z.ZodObject<Shape> }) {
  const fields: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(section.unwrap().shape)) {
    const inner = field instanceof z.ZodDefault ? field.unwrap() : field;
    fields[key] = (inner as z.ZodType).optional();
  }
  return z.strictObject(fields).optional() as unknown as z.ZodOptional<
    z.ZodObject<{ [K in keyof Shape]: z.ZodOptional<WithoutDefault<Shape[K]>> }, z.core.$strict>
  >;
}
type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;

/** A change from the settings panel: any subset of fields, nested. Unknown keys are refused. */
export const SettingsPatchSchema = z.strictObject({
  assistant: patchOf(AssistantSettingsSchema),
  voice: patchOf(VoiceSettingsSchema),
  providers: z.strictObject({ openai: patchOf(OpenAiSettingsSchema) }).optional(),
  thresholds: patchOf(ThresholdSettingsSchema),
  conversation: patchOf(ConversationSettingsSchema),
  logging: patchOf(LoggingSettingsSchema),
  ui: patchOf(UiSettingsSchema),
  phone: z.strictObject({ twilio: patchOf(TwilioSettingsSchema), sip: patchOf(SipSettingsSchema) }).optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const defaultSettings = (): Settings => SettingsSchema.parse({});

/** A field of a patch that was not saved, and why (the others were). */
export interface SettingsFieldError {
  /** Dotted path, as the settings form names its fields ("providers.openai.baseURL"). */
  field: string;
  message: string;
}

/**
 * Splits a patch into what can be saved and what cannot, field by field: one wrong field does not
 * cost the user the valid ones saved with it. Unknown fields are errors too.
 */
export function checkSettingsPatch(input: unknown): { patch: SettingsPatch; errors: SettingsFieldError[] } {
  const errors: SettingsFieldError[] = [];
  const accepted: Record<string, unknown> = {};
  for (const { path, value } of leaves(input)) {
    const single = nest(path, value);
    const parsed = SettingsPatchSchema.safeParse(single);
    if (parsed.success) {
      merge(accepted, single);
      continue;
    }
    const issue = parsed.error.issues[0];
    const unknown = issue?.code === 'unrecognized_keys';
    errors.push({ field: path.join('.'), message: unknown ? 'not a setting' : (issue?.message ?? 'not a valid value') });
  }
  return { patch: SettingsPatchSchema.parse(accepted), errors };
}

function leaves(value: unknown, path: string[] = []): { path: string[]; value: unknown }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return path.length === 0 ? [] : [{ path, value }];
  // A record-valued setting (voices by language) is one field.
  if (path.join('.') === 'providers.openai.speechVoicesByLanguage') return [{ path, value }];
  return Object.entries(value).flatMap(([key, child]) => (child === undefined ? [] : leaves(child, [...path, key])));
}

function nest(path: string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

function merge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof current === 'object' && current !== null) merge(current as Record<string, unknown>, value as Record<string, unknown>);
    else target[key] = value;
  }
}
