import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderStatus, SpeechModelView } from '../../shared/contract.ts';
import { findSpeechModel } from '../adapters/local-stt/speech-model-catalog.ts';
import { generatedFile, startModelFileServer } from '../adapters/local-stt/testing/model-file-server.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import type { AssistantHost } from './assistant-host.ts';

let host: AssistantHost | undefined;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  host?.close();
  host = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const client = { clientId: 'window-1' };

describe('speech models through the contract', () => {
  it('lists the catalog, downloads a model from ASSISTANT_SPEECH_MODELS_URL with events to every window, uses it once chosen, and deletes it', async () => {
    const model = findSpeechModel('whisper-tiny-en')!;
    // Stand-ins for the real files (a few KB each): this machine cannot download the real ones.
    const files = model.files.map((file) => generatedFile(file.name, 20_000));
    const server = await startModelFileServer(model, files);
    cleanups.push(server.close);
    const temp = makeTempDir('speech-models-host');
    cleanups.push(temp.remove);
    host = createTestHost(temp.path, { env: { ASSISTANT_SPEECH_MODELS_URL: server.baseUrl } });
    const events: SpeechModelView[] = [];
    host.subscribe((event, payload, isFor) => {
      if (event === 'speechModel' && isFor('window-1') && isFor('window-2')) events.push(payload as SpeechModelView);
    });

    const listed = await host.dispatch('listSpeechModels', undefined, client);
    expect(listed).toMatchObject({ ok: true, value: [{ id: 'whisper-tiny-en', state: 'not-downloaded' }, { id: 'whisper-base-en' }, { id: 'whisper-tiny', multilingual: true }] });

    expect(await host.dispatch('downloadSpeechModel', { id: 'whisper-tiny-en' }, client)).toEqual({ ok: true, value: { accepted: true } });
    await expect.poll(() => events.at(-1)?.state, { timeout: 5000 }).toBe('ready');
    expect(events.at(-1)).toMatchObject({ id: 'whisper-tiny-en', downloadedBytes: 60_000, totalBytes: 60_000 });

    const localStt = (providers: ProviderStatus[]) => providers.find((provider) => provider.id === 'local-stt');
    expect(localStt(host.status().providers)).toMatchObject({ kind: 'stt', configured: false, detail: 'no speech model chosen (Settings › Speech models)' });
    const saved = await host.dispatch('saveSettingsFields', { voice: { localSpeechModel: 'whisper-tiny-en' } }, client);
    expect(saved).toMatchObject({ ok: true, value: { settings: { voice: { localSpeechModel: 'whisper-tiny-en' } }, fieldErrors: [] } });
    expect(localStt(host.status().providers)).toMatchObject({ configured: true, detail: 'Whisper tiny (English), on this computer (sherpa-onnx)' });

    expect(await host.dispatch('downloadSpeechModel', { id: 'no-such-model' }, client)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await host.dispatch('deleteSpeechModel', { id: 'whisper-tiny-en' }, client)).toEqual({ ok: true, value: { accepted: true } });
    expect(events.at(-1)).toMatchObject({ id: 'whisper-tiny-en', state: 'not-downloaded', downloadedBytes: 0 });
    expect(localStt(host.status().providers)).toMatchObject({ configured: false, detail: 'Whisper tiny (English) is chosen but not downloaded (Settings › Speech models)' });
  });
});
