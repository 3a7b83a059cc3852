import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { findSpeechModel } from '../src/main/adapters/local-stt/speech-model-catalog.ts';
import { generatedFile, startModelFileServer } from '../src/main/adapters/local-stt/testing/model-file-server.ts';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { ARTIFACTS_DIR, launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { showView } from './support/views.ts';

// Settings › Speech models in Chromium, against a local server laid out like Hugging Face (no
// model can be downloaded here): the download shows its progress, a cut connection is resumed
// where it stopped, the model is chosen, and talking is offered with no key and no server.

const model = findSpeechModel('whisper-tiny-en')!;
// Small stand-ins for the three files (random bytes with their real checksums).
const files = [generatedFile(model.files[0]!.name, 1_500_000), generatedFile(model.files[1]!.name, 3_000_000), generatedFile(model.files[2]!.name, 40_000)];

let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;
let server: Awaited<ReturnType<typeof startModelFileServer>>;
let browser: Browser;

beforeAll(async () => {
  temp = makeTempDir('e2e-speech-models');
  server = await startModelFileServer(model, files);
  // As Hugging Face does: the ONNX files through a redirect that declares their sha256, the tokens
  // with their git blob id as ETag.
  server.declare(files[0]!.name, 'lfs-redirect');
  server.declare(files[1]!.name, 'lfs-redirect');
  server.declare(files[2]!.name, 'git-etag');
  host = await startHeadlessProcess(temp.path, [], { ASSISTANT_SPEECH_MODELS_URL: server.baseUrl });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await server?.close();
  temp?.remove();
});

async function openSettings(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(host.url);
  await page.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
  await showView(page, 'settings');
  return page;
}

describe('speech models in Chromium', () => {
  it('downloads with progress, resumes after a cut, is chosen, and makes talking available offline', async () => {
    const page = await openSettings();
    const item = page.getByTestId(`speech-model-${model.id}`);
    await item.waitFor();

    // A slow server, and the connection cut part way into the first file.
    server.sendSlowly(20);
    server.cutNextAfter(1_000_000);
    await item.getByRole('button', { name: `Download ${model.label}` }).click();
    await item.locator('progress').waitFor({ timeout: 10_000 });
    await expect.poll(async () => Number(await item.locator('progress').getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByRole('region', { name: 'Speech models' }).screenshot({ path: `${ARTIFACTS_DIR}/speech-model-downloading.png` });

    // The cut is said next to the model, with a way to resume from where it stopped.
    const resume = item.getByRole('button', { name: new RegExp(`^Resume \\(\\d+%\\) the download of ${model.label.replace(/[()]/g, '\\$&')}$`) });
    await resume.waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
      throw new Error(`${error.message}\nthe model shows: ${await item.textContent()}\nrequests: ${JSON.stringify(server.requests)}`);
    });
    expect(await item.getByRole('alert').textContent()).not.toBe('');
    server.sendSlowly(0);
    await resume.click();
    await item.getByRole('button', { name: `Use this model: ${model.label}` }).waitFor({ timeout: 30_000 });
    // Resumed, not restarted: the cut file's second request asked for the rest only.
    const cutFileRequests = server.requests.filter((request) => request.path === `/cdn/${files[0]!.name}`);
    expect(cutFileRequests.map((request) => [request.range, request.status])).toEqual([
      [null, 200],
      [expect.stringMatching(/^bytes=[1-9]\d*-$/), 206],
    ]);

    await item.getByRole('button', { name: `Use this model: ${model.label}` }).click();
    await item.getByRole('button', { name: `Stop using ${model.label}` }).waitFor({ timeout: 10_000 });
    await page.getByRole('region', { name: 'Speech models' }).screenshot({ path: `${ARTIFACTS_DIR}/speech-model-ready.png` });

    // The conversation view no longer says talking needs a key or a server.
    await showView(page, 'conversation');
    await expect.poll(() => page.getByTestId('voice-unavailable').count(), { timeout: 10_000 }).toBe(0);
    await page.close();
  });

  it('says plainly when a model cannot be fetched', async () => {
    const page = await openSettings();
    // The mirror holds only the tiny English model: the others are a 404 there.
    const other = page.getByTestId('speech-model-whisper-base-en');
    await other.getByRole('button', { name: /^Download Whisper base/ }).click();
    await expect.poll(() => other.getByRole('alert').textContent(), { timeout: 15_000 }).toMatch(/404/);
    await page.close();
  });
});
