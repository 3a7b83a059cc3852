import { describe, expect, it } from 'vitest';
import type { SpeechModelView } from '../../shared/contract.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { createAppActions } from './app-actions.ts';
import { createAppStore } from './app-store.ts';

const view: SpeechModelView = { id: 'whisper-tiny-en', label: 'Whisper tiny (English)', languages: ['en'], multilingual: false, sizeBytes: 1, state: 'downloading', downloadedBytes: 0, totalBytes: 1, error: null };

describe('speech model actions', () => {
  it('sends each action as its own request and hands back why the host refused one', async () => {
    const fake = createFakeClient();
    const actions = createAppActions(fake.client, createAppStore());
    expect(await actions.speechModelAction('whisper-tiny-en', 'download')).toBeNull();
    expect(await actions.speechModelAction('whisper-tiny-en', 'cancel')).toBeNull();
    fake.replies.speechModelAction = () => fake.failWith('no speech model x');
    expect(await actions.speechModelAction('x', 'delete')).toBe('no speech model x');
    expect(fake.requests.slice(-3)).toEqual([
      { method: 'downloadSpeechModel', params: { id: 'whisper-tiny-en' } },
      { method: 'cancelSpeechModelDownload', params: { id: 'whisper-tiny-en' } },
      { method: 'deleteSpeechModel', params: { id: 'x' } },
    ]);
  });

  it('lists the models, reports a failure to list them, and passes on their events', async () => {
    const fake = createFakeClient();
    const store = createAppStore();
    const actions = createAppActions(fake.client, store);
    fake.replies.listSpeechModels = () => ({ ok: true, value: [view] });
    expect(await actions.listSpeechModels()).toEqual([view]);
    fake.replies.listSpeechModels = () => fake.failWith('host gone');
    expect(await actions.listSpeechModels()).toBeNull();
    expect(JSON.stringify(store.getState())).toContain('Could not list the speech models: host gone');

    const seen: SpeechModelView[] = [];
    const stop = actions.onSpeechModel((event) => seen.push(event));
    fake.pushSpeechModel(view);
    stop();
    fake.pushSpeechModel(view);
    expect(seen).toEqual([view]);
  });
});
