import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/settings.ts';
import { AppError } from '../core/errors.ts';
import { createRefusalLog } from '../adapters/logging/refusal-log.ts';
import { createDispatch, type Handlers } from './dispatch.ts';

const silent = pino({ level: 'silent' });
const refusals = createRefusalLog(silent, { setTimer: () => () => undefined });
const context = { clientId: 'c1' };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unexpected = () => {
    throw new Error('not called in this test');
  };
  return {
    getStatus: unexpected,
    getSettings: () => defaultSettings(),
    updateSettings: unexpected,
    listSessions: () => [],
    startSession: unexpected,
    resumeSession: unexpected,
    ask: unexpected,
    listTraces: unexpected,
    getTrace: unexpected,
    voiceSetMode: unexpected,
    voiceAudio: unexpected,
    voiceTalk: unexpected,
    voiceInterrupt: unexpected,
    voiceRetry: unexpected,
    voicePlayback: unexpected,
    voiceSpeak: unexpected,
    getApiKeyStatus: unexpected,
    setApiKey: unexpected,
    checkProviders: unexpected,
    listVoices: unexpected,
    saveSettingsFields: unexpected,
    listSessionTurns: unexpected,
    listReminders: unexpected,
    reminderAction: unexpected,
    clearApiKey: unexpected,
    listSpeechModels: unexpected,
    downloadSpeechModel: unexpected,
    cancelSpeechModelDownload: unexpected,
    deleteSpeechModel: unexpected,
    listCalls: unexpected,
    hangUpCall: unexpected,
    ...overrides,
  };
}

describe('dispatch', () => {
  it('returns the handler value as ok', async () => {
    const dispatch = createDispatch(handlers(), silent, refusals);
    expect(await dispatch('getSettings', undefined, context)).toEqual({ ok: true, value: defaultSettings() });
  });

  it('applies parameter defaults before the handler sees them', async () => {
    let seen: unknown;
    const dispatch = createDispatch(handlers({ listSessions: (query) => ((seen = query), []) }), silent, refusals);
    await dispatch('listSessions', undefined, context);
    expect(seen).toEqual({ limit: 50 });
  });

  it('refuses unknown methods and bad arguments without calling a handler', async () => {
    const dispatch = createDispatch(handlers(), silent, refusals);
    expect(await dispatch('dropTables', {}, context)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const bad = await dispatch('updateSettings', { voice: { speakingRate: 9 } }, context);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(bad.ok === false && bad.error.message).toMatch(/speakingRate/);
    const unknownField = await dispatch('updateSettings', { voice: { volume: 3 } }, context);
    expect(unknownField).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('reports an invalid handler result as internal instead of passing it on', async () => {
    const dispatch = createDispatch(handlers({ getSettings: () => ({ voice: { mode: 'shouting' } }) as never }), silent, refusals);
    expect(await dispatch('getSettings', undefined, context)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('maps AppError to its code and any other throw to internal', async () => {
    const dispatch = createDispatch(
      handlers({
        getSettings: () => {
          throw new AppError('unavailable', 'store is busy', { retryable: true });
        },
        listSessions: async () => {
          throw new TypeError('boom');
        },
      }),
      silent,
      refusals,
    );
    expect(await dispatch('getSettings', undefined, context)).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'store is busy' },
    });
    expect(await dispatch('listSessions', {}, context)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
