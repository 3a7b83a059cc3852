// Plain names with no zod, so the sandboxed preload stays tiny.
// Kept in step with contract.ts by a type-level check there.

export const REQUEST_NAMES = [
  'getStatus',
  'getSettings',
  'updateSettings',
  'saveSettingsFields',
  'listSessions',
  'startSession',
  'resumeSession',
  'ask',
  'listTraces',
  'getTrace',
  'voiceSetMode',
  'voiceAudio',
  'voiceTalk',
  'voiceInterrupt',
  'voiceRetry',
  'voicePlayback',
  'voiceSpeak',
  'getApiKeyStatus',
  'setApiKey',
  'clearApiKey',
  'listVoices',
  'checkProviders',
  'listSessionTurns',
  'listReminders',
  'reminderAction',
  'listSpeechModels',
  'downloadSpeechModel',
  'cancelSpeechModelDownload',
  'deleteSpeechModel',
  'listCalls',
  'hangUpCall',
] as const;
export type RequestName = (typeof REQUEST_NAMES)[number];

export const EVENT_NAMES = ['log', 'status', 'turnChunk', 'trace', 'voice', 'audioOut', 'audioStop', 'talkShortcut', 'reminder', 'speechModel', 'call'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export const ipcRequestChannel = (name: RequestName) => `assistant:request:${name}`;
export const ipcEventChannel = (name: EventName) => `assistant:event:${name}`;

/** `log` -> `onLog`: the name of the subscribe method for a pushed event. */
export const eventListenerName = <N extends EventName>(name: N) =>
  `on${name[0]!.toUpperCase()}${name.slice(1)}` as `on${Capitalize<N>}`;
