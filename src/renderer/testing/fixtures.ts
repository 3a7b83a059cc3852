import type { AppStatus, LogEvent, SessionSummary } from '../../shared/contract.ts';

export const sampleStatus = (overrides: Partial<AppStatus> = {}): AppStatus => ({
  appName: 'Voice Assistant',
  host: 'headless',
  versions: { app: '0.1.0', node: '22.23.3', v8: '12.4', sqlite: '3.50.0', electron: null, chrome: null },
  providers: [{ id: 'openai', kind: 'llm', configured: false, detail: 'No API key: set OPENAI_API_KEY' }],
  storePath: '/data/assistant.db',
  dataDir: '/data',
  startedAt: 1_700_000_000_000,
  uptimeMs: 5_000,
  configErrors: [],
  storage: { path: '/data/assistant.db', problems: [] },
  conversation: {
    scenario: 'desktop',
    scenarios: [
      { name: 'desktop', title: 'Desktop assistant', description: 'One assistant.' },
      { name: 'front_desk', title: 'Front desk (handoff demo)', description: 'A concierge and two specialists.' },
    ],
    agents: [{ name: 'assistant', title: 'Assistant' }],
    startAgent: 'assistant',
  },
  thresholdDefaults: { cacheSimilarity: 0.92, routerMinConfidence: 0.3, vadSpeech: 0.5, bargeInMinSpeechMs: 250 },
  ...overrides,
});

export const sampleSession = (overrides: Partial<SessionSummary> = {}): SessionSummary => ({
  id: 'session-1',
  title: null,
  startedAt: 1_700_000_000_000,
  endedAt: null,
  host: 'headless',
  turnCount: 0,
  ...overrides,
});

export const sampleLog = (overrides: Partial<LogEvent> = {}): LogEvent => ({
  level: 'info',
  message: 'hello',
  time: 1_700_000_000_000,
  sessionId: null,
  runId: null,
  code: null,
  ...overrides,
});

/** Status with a downloaded speech model in use: talking works with no provider. */
export const statusWithSpeechModel = (): AppStatus => {
  const status = sampleStatus();
  return { ...status, providers: [...status.providers, { id: 'local-stt', kind: 'stt', configured: true, detail: 'Whisper tiny (English), on this computer (sherpa-onnx)' }] };
};
