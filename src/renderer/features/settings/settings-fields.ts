import type { Settings, SettingsPatch } from '../../../shared/settings.ts';
import { WAKE_PHRASES } from '../../../shared/wake-phrases.ts';

type Control =
  | { kind: 'text'; suggest?: 'models' | 'voices' }
  | { kind: 'select'; options: readonly { value: string; label: string }[] }
  /** `optional`: empty means null, the component's own default (shown as the placeholder). */
  | { kind: 'number'; min: number; max: number; step: number; optional?: { placeholder: string } }
  /** A checkbox; its form value is 'true' or 'false'. */
  | { kind: 'boolean' }
  /** A select whose options the host lists: the scenarios it loaded, espeak-ng's voices. `optional`: this option (value '') means null. */
  | { kind: 'choice'; source: 'scenarios' | 'espeakVoices'; optional?: string };

export type SettingsField = {
  /** Dotted path of the field in Settings; also the input's id. */
  id: string;
  label: string;
  control: Control;
};

/** Form values keyed by field id, as the inputs hold them. */
export type SettingsFormValues = Record<string, string>;

const text = { kind: 'text' } as const;
const checkbox = { kind: 'boolean' } as const;
const plainOptions = (values: readonly string[]) => values.map((value) => ({ value, label: value }));
const threshold = (min: number, max: number, step: number) =>
  ({ kind: 'number', min, max, step, optional: { placeholder: 'default' } }) as const;

/** Settings with a control of their own instead of a form field: the speech model section's "Use this model". */
export const SETTINGS_OUTSIDE_THE_FORM = ['voice.localSpeechModel'] as const;

export const SETTINGS_FIELDS: readonly SettingsField[] = [
  { id: 'assistant.name', label: 'Assistant name', control: text },
  { id: 'assistant.language', label: 'Language', control: text },
  {
    id: 'voice.mode',
    label: 'Voice mode',
    control: {
      kind: 'select',
      options: [
        { value: 'push_to_talk', label: 'Push to talk' },
        { value: 'hands_free', label: 'Hands free' },
        { value: 'wake_word', label: 'Wake word' },
      ],
    },
  },
  { id: 'voice.wakePhrase', label: 'Wake phrase', control: { kind: 'select', options: Object.entries(WAKE_PHRASES).map(([value, phrase]) => ({ value, label: phrase.label })) } },
  { id: 'voice.wakeSensitivity', label: 'Wake phrase sensitivity (higher hears it more readily)', control: { kind: 'number', min: 0.05, max: 0.95, step: 0.05 } },
  { id: 'voice.pushToTalkKey', label: 'Push-to-talk key', control: text },
  { id: 'voice.globalShortcut', label: 'Global shortcut', control: text },
  { id: 'voice.espeakVoice', label: 'Offline voice (espeak-ng)', control: { kind: 'choice', source: 'espeakVoices', optional: 'Chosen by language' } },
  // Chosen with "Use this model" in the speech models section; this field shows it and can clear it.
  { id: 'voice.speakingRate', label: 'Speaking rate', control: { kind: 'number', min: 0.5, max: 2, step: 0.05 } },
  { id: 'voice.speakTypedAnswers', label: 'Speak typed answers', control: { kind: 'select', options: [{ value: 'auto', label: 'When the microphone is off' }, { value: 'always', label: 'Always' }, { value: 'never', label: 'Never' }] } },
  { id: 'voice.echoCancellation', label: 'Echo cancellation', control: checkbox },
  { id: 'voice.noiseSuppression', label: 'Noise suppression', control: checkbox },
  { id: 'voice.autoGainControl', label: 'Automatic gain control', control: checkbox },
  { id: 'providers.openai.baseURL', label: 'OpenAI base URL', control: text },
  { id: 'providers.openai.chatModel', label: 'Chat model', control: { kind: 'text', suggest: 'models' } },
  { id: 'providers.openai.transcriptionModel', label: 'Transcription model', control: { kind: 'text', suggest: 'models' } },
  { id: 'providers.openai.speechModel', label: 'Speech model', control: { kind: 'text', suggest: 'models' } },
  { id: 'providers.openai.speechVoice', label: 'Speech voice', control: { kind: 'text', suggest: 'voices' } },
  { id: 'thresholds.cacheSimilarity', label: 'Cache similarity', control: threshold(0.5, 1, 0.01) },
  { id: 'thresholds.routerMinConfidence', label: 'Router minimum confidence', control: threshold(0, 1, 0.05) },
  { id: 'thresholds.vadSpeech', label: 'Speech detection threshold', control: threshold(0.2, 0.95, 0.05) },
  { id: 'thresholds.bargeInMinSpeechMs', label: 'Interrupt after speaking for (ms)', control: threshold(0, 2000, 10) },
  { id: 'conversation.scenario', label: 'Scenario', control: { kind: 'choice', source: 'scenarios' } },
  { id: 'conversation.historyMessages', label: 'Messages of history a turn sees', control: { kind: 'number', min: 0, max: 200, step: 1 } },
  { id: 'conversation.historyTokens', label: 'History token budget', control: { kind: 'number', min: 0, max: 100000, step: 100 } },
  { id: 'conversation.languageSwitchAfter', label: 'Switch language after (utterances)', control: { kind: 'number', min: 1, max: 10, step: 1 } },
  { id: 'phone.twilio.enabled', label: 'Answer calls through Twilio', control: checkbox },
  { id: 'phone.twilio.publicUrl', label: 'Public URL Twilio calls (https://…)', control: text },
  { id: 'phone.twilio.port', label: 'Twilio listen port (empty: the host’s own)', control: { kind: 'number', min: 1, max: 65535, step: 1, optional: { placeholder: 'the host’s port' } } },
  { id: 'phone.twilio.accountSid', label: 'Twilio account SID', control: text },
  { id: 'phone.twilio.transferNumbers', label: 'Numbers calls may be transferred to (comma separated)', control: text },
  { id: 'phone.sip.enabled', label: 'Answer SIP calls (UDP)', control: checkbox },
  { id: 'phone.sip.bindAddress', label: 'SIP bind address (127.0.0.1: this machine only; 0.0.0.0: the network)', control: text },
  { id: 'phone.sip.port', label: 'SIP port', control: { kind: 'number', min: 1, max: 65535, step: 1 } },
  { id: 'phone.sip.advertisedAddress', label: 'Address callers send audio to (empty: the bind address)', control: text },
  { id: 'phone.sip.allowedCallers', label: 'Allowed caller addresses or networks (comma separated)', control: text },
  { id: 'phone.sip.registrar', label: 'Registrar, host[:port] (empty: none)', control: text },
  { id: 'phone.sip.user', label: 'SIP user (for the registrar and the callers’ digest challenge)', control: text },
  { id: 'phone.sip.ringSeconds', label: 'Ring before answering (seconds)', control: { kind: 'number', min: 0, max: 30, step: 1 } },
  { id: 'logging.level', label: 'Log level', control: { kind: 'select', options: plainOptions(['debug', 'info', 'warn', 'error']) } },
  {
    id: 'ui.theme',
    label: 'Theme',
    control: {
      kind: 'select',
      options: [
        { value: 'system', label: 'Follow the system' },
        { value: 'light', label: 'Light' },
        { value: 'dark', label: 'Dark' },
      ],
    },
  },
];

type Tree = Record<string, unknown>;

function readPath(tree: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);
}

function writePath(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<Tree>((node, key) => (node[key] ??= {}) as Tree, tree);
  parent[keys.at(-1)!] = value;
}

/**
 * What an optional field shows while empty: the value it stands for, from the host's status
 * (`thresholdDefaults`, keyed by the field's last name), or just "default" before the status comes.
 */
export function emptyPlaceholder(field: SettingsField, defaults: Readonly<Record<string, number>> | null): string | undefined {
  if (field.control.kind !== 'number' || !field.control.optional) return undefined;
  const value = defaults?.[field.id.split('.').at(-1) ?? ''];
  return value === undefined ? field.control.optional.placeholder : `default: ${value}`;
}

const readField = (settings: Settings, field: SettingsField) => {
  const value = readPath(settings, field.id);
  return value === null || value === undefined ? '' : String(value);
};

export function toFormValues(settings: Settings): SettingsFormValues {
  return Object.fromEntries(SETTINGS_FIELDS.map((field) => [field.id, readField(settings, field)]));
}

/**
 * Only the fields whose value differs from the saved settings; null when nothing changed. Values
 * are not validated here: the host refuses a bad patch and the form shows its message.
 */
export function changedSettings(saved: Settings, values: SettingsFormValues): SettingsPatch | null {
  const patch: Tree = {};
  let changed = false;
  for (const field of SETTINGS_FIELDS) {
    const value = values[field.id];
    if (value === undefined || sameValue(field, readField(saved, field), value)) continue;
    writePath(patch, field.id, fromFormValue(field, value));
    changed = true;
  }
  return changed ? (patch as SettingsPatch) : null;
}

function fromFormValue(field: SettingsField, value: string): unknown {
  if (field.control.kind === 'number') return field.control.optional && value.trim() === '' ? null : Number(value);
  if (field.control.kind === 'boolean') return value === 'true';
  if (field.control.kind === 'choice' && field.control.optional !== undefined && value === '') return null;
  return value;
}

const sameValue = (field: SettingsField, saved: string, value: string) =>
  saved === value || (field.control.kind === 'number' && saved.trim() !== '' && value.trim() !== '' && Number(saved) === Number(value));
