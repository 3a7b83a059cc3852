import type { Settings, SettingsPatch } from '../../../shared/settings.ts';

type Control =
  | { kind: 'text' }
  | { kind: 'select'; options: readonly { value: string; label: string }[] }
  | { kind: 'number'; min: number; max: number; step: number };

export type SettingsField = {
  id: string;
  label: string;
  control: Control;
  read(settings: Settings): string;
  /** Adds this field's value to the patch (mutates it). */
  write(patch: SettingsPatch, value: string): void;
};

/** Form values keyed by field id, as the inputs hold them. */
export type SettingsFormValues = Record<string, string>;

const text = { kind: 'text' } as const;

export const SETTINGS_FIELDS: readonly SettingsField[] = [
  {
    id: 'assistant.name',
    label: 'Assistant name',
    control: text,
    read: (s) => s.assistant.name,
    write: (p, v) => void (p.assistant = { ...p.assistant, name: v }),
  },
  {
    id: 'assistant.language',
    label: 'Language',
    control: text,
    read: (s) => s.assistant.language,
    write: (p, v) => void (p.assistant = { ...p.assistant, language: v }),
  },
  {
    id: 'voice.mode',
    label: 'Voice mode',
    control: {
      kind: 'select',
      options: [
        { value: 'push_to_talk', label: 'Push to talk' },
        { value: 'hands_free', label: 'Hands free' },
      ],
    },
    read: (s) => s.voice.mode,
    write: (p, v) => void (p.voice = { ...p.voice, mode: v === 'hands_free' ? 'hands_free' : 'push_to_talk' }),
  },
  {
    id: 'voice.pushToTalkKey',
    label: 'Push-to-talk key',
    control: text,
    read: (s) => s.voice.pushToTalkKey,
    write: (p, v) => void (p.voice = { ...p.voice, pushToTalkKey: v }),
  },
  {
    id: 'voice.globalShortcut',
    label: 'Global shortcut',
    control: text,
    read: (s) => s.voice.globalShortcut,
    write: (p, v) => void (p.voice = { ...p.voice, globalShortcut: v }),
  },
  {
    id: 'voice.speakingRate',
    label: 'Speaking rate',
    control: { kind: 'number', min: 0.5, max: 2, step: 0.05 },
    read: (s) => String(s.voice.speakingRate),
    write: (p, v) => void (p.voice = { ...p.voice, speakingRate: Number(v) }),
  },
  {
    id: 'providers.openai.baseURL',
    label: 'OpenAI base URL',
    control: text,
    read: (s) => s.providers.openai.baseURL,
    write: (p, v) => writeOpenAi(p, { baseURL: v }),
  },
  {
    id: 'providers.openai.chatModel',
    label: 'Chat model',
    control: text,
    read: (s) => s.providers.openai.chatModel,
    write: (p, v) => writeOpenAi(p, { chatModel: v }),
  },
  {
    id: 'providers.openai.transcriptionModel',
    label: 'Transcription model',
    control: text,
    read: (s) => s.providers.openai.transcriptionModel,
    write: (p, v) => writeOpenAi(p, { transcriptionModel: v }),
  },
  {
    id: 'providers.openai.speechModel',
    label: 'Speech model',
    control: text,
    read: (s) => s.providers.openai.speechModel,
    write: (p, v) => writeOpenAi(p, { speechModel: v }),
  },
  {
    id: 'providers.openai.speechVoice',
    label: 'Speech voice',
    control: text,
    read: (s) => s.providers.openai.speechVoice,
    write: (p, v) => writeOpenAi(p, { speechVoice: v }),
  },
  {
    id: 'logging.level',
    label: 'Log level',
    control: {
      kind: 'select',
      options: (['debug', 'info', 'warn', 'error'] as const).map((value) => ({ value, label: value })),
    },
    read: (s) => s.logging.level,
    write: (p, v) => void (p.logging = { level: v as Settings['logging']['level'] }),
  },
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
    read: (s) => s.ui.theme,
    write: (p, v) => void (p.ui = { theme: v as Settings['ui']['theme'] }),
  },
];

type OpenAiPatch = NonNullable<NonNullable<SettingsPatch['providers']>['openai']>;

function writeOpenAi(patch: SettingsPatch, change: OpenAiPatch): void {
  patch.providers = { openai: { ...patch.providers?.openai, ...change } };
}

export function toFormValues(settings: Settings): SettingsFormValues {
  return Object.fromEntries(SETTINGS_FIELDS.map((field) => [field.id, field.read(settings)]));
}

/** Only the fields whose value differs from the saved settings; null when nothing changed. */
export function changedSettings(saved: Settings, values: SettingsFormValues): SettingsPatch | null {
  const patch: SettingsPatch = {};
  let changed = false;
  for (const field of SETTINGS_FIELDS) {
    const value = values[field.id];
    if (value === undefined || sameValue(field, field.read(saved), value)) continue;
    field.write(patch, value);
    changed = true;
  }
  return changed ? patch : null;
}

const sameValue = (field: SettingsField, saved: string, value: string) =>
  field.control.kind === 'number' ? Number(saved) === Number(value) && value.trim() !== '' : saved === value;
