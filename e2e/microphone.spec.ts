import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startFakeOpenAiServer } from '../src/main/adapters/testing/fake-openai-server.ts';
import { speak, toWavFile, withSilence } from '../src/main/adapters/testing/speech-fixtures.ts';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { decodeAudioFrame } from '../src/shared/ws-protocol.ts';
import { ARTIFACTS_DIR, launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { showView } from './support/views.ts';

// The real microphone path in Chromium: a WAV spoken by espeak-ng as the fake capture device,
// the AudioWorklet's 16 kHz frames sent as binary `voiceAudio` frames, main's VAD closing the turn
// (speech recognition first fails: the transcript keeps an entry with the reason and a Retry that
// sends the kept audio again), the level meter and the renderer's Silero VAD (every asset served
// by the host itself).

let browser: Browser;
let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;
let page: Page;
const voiceNotices: { kind: string; message?: string }[] = [];
/** The local speech recognition server: down (500) until the test says otherwise. */
let transcriber: Awaited<ReturnType<typeof startFakeOpenAiServer>>;
let transcriberDown = true;
/** PCM bytes of each binary audio frame the page sent. */
const voiceAudioBytes: number[] = [];
let jsonVoiceAudioRequests = 0;
const requestedUrls: URL[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  temp = makeTempDir('e2e-microphone');
  const wav = join(temp.path, 'question.wav');
  const question = withSilence(await speak('what time is it in Tokyo', { sampleRate: 48000 }), { beforeMs: 800, afterMs: 1600 });
  await toWavFile(wav, question.audio);
  browser = await launchChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
    '--autoplay-policy=no-user-gesture-required',
  ]);
  host = await startHeadlessProcess(temp.path);
  transcriber = await startFakeOpenAiServer({
    transcription: () => (transcriberDown ? { kind: 'error', status: 500, message: 'transcriber down' } : { kind: 'transcript', text: 'what time is it in Tokyo' }),
  });
  page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('request', (request) => requestedUrls.push(new URL(request.url())));
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') {
        if (parse(payload)?.method === 'voiceAudio') jsonVoiceAudioRequests += 1;
        return;
      }
      const decoded = decodeAudioFrame(payload);
      if (decoded.ok) voiceAudioBytes.push(decoded.frame.pcm16.length);
    });
    socket.on('framereceived', ({ payload }) => {
      const message = parse(payload);
      if (message?.event === 'voice') voiceNotices.push(message.payload?.notice ?? { kind: 'unknown' });
    });
  });
  await page.goto(host.url);
  await page.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await transcriber?.close();
  await browser?.close();
  await host?.stop();
  temp?.remove();
});

/** Merged into the suite's figures (other specs write their own keys there). */
function recordMetrics(figures: Record<string, number>): void {
  const path = 'test-results/voice-metrics.json';
  const before = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(path, `${JSON.stringify({ ...before, ...figures }, null, 2)}\n`);
}

type Frame = { method?: string; event?: string; payload?: { notice?: { kind: string; message?: string } } };
function parse(payload: string | Buffer): Frame | null {
  try {
    return JSON.parse(payload.toString()) as Frame;
  } catch {
    return null;
  }
}

describe('the microphone in Chromium', () => {
  it('streams the spoken question to main, moves the meter and fires the renderer VAD', async () => {
    // Hands-free, so main's VAD opens and closes the turn from the frames. Settings has the
    // microphone's own panel (device, level, activity).
    await showView(page, 'settings');
    await page.getByLabel('Voice mode').selectOption('hands_free');
    await page.getByLabel('OpenAI base URL').fill(transcriber.baseURL);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByLabel('Voice mode').inputValue()).toBe('hands_free');

    const panel = page.getByRole('region', { name: 'Microphone' });
    await expect.poll(() => panel.getByLabel('Microphone', { exact: true }).count()).toBe(1);
    await panel.getByRole('button', { name: 'Start microphone' }).click();
    await panel.getByRole('button', { name: 'Stop microphone' }).waitFor({ timeout: 10_000 });

    const meter = panel.getByTestId('microphone-level');
    await expect.poll(async () => Number(await meter.getAttribute('data-dbfs')), { timeout: 10_000 }).toBeGreaterThan(-50);

    const activity = panel.getByTestId('microphone-activity');
    await expect.poll(() => activity.getAttribute('data-detector'), { timeout: 20_000 }).toBe('on');
    await expect.poll(async () => Number(await activity.getAttribute('data-speech-starts')), { timeout: 20_000 }).toBeGreaterThan(0);

    // 100 ms batches in binary frames: 1600 samples, 3200 bytes; none as base64 JSON. The frames
    // are counted as Playwright reports them, which can trail the page's speech start: wait.
    await expect.poll(() => voiceAudioBytes.length, { timeout: 10_000 }).toBeGreaterThan(10);
    expect(voiceAudioBytes[0]).toBe(3200);
    expect(jsonVoiceAudioRequests).toBe(0);
    await expect
      .poll(() => voiceNotices.find((notice) => notice.kind === 'transcription_failed')?.message, { timeout: 20_000 })
      .toMatch(/transcriber down/);

    // Nothing from anywhere but the app itself, the VAD's model and runtime among what it served
    // (worklet modules do not show up as page requests; the VAD could not run without its own).
    const fetched = requestedUrls.filter((url) => url.protocol.startsWith('http'));
    expect(fetched.filter((url) => url.origin !== host.origin)).toEqual([]);
    expect(fetched.map((url) => url.pathname)).toEqual(
      expect.arrayContaining(['vad/silero_vad_v5.onnx', 'vad/ort-wasm-simd-threaded.mjs', 'vad/ort-wasm-simd-threaded.wasm'].map((file) => `/t/${host.token}/${file}`)),
    );
    // The page's CSP (script-src 'self' 'wasm-unsafe-eval') let the worklets and the WASM run.
    expect(consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/microphone.png`, fullPage: true });

    await panel.getByRole('button', { name: 'Stop microphone' }).click();
    await panel.getByRole('button', { name: 'Start microphone' }).waitFor();
    await expect.poll(() => meter.getAttribute('data-dbfs')).toBe('-100');

    // What was said stays in the transcript with the reason; Retry sends the kept audio again.
    await showView(page, 'conversation');
    const failed = page.getByTestId('turn').filter({ hasText: 'Not understood' }).last();
    await failed.waitFor({ timeout: 10_000 });
    expect(await failed.textContent()).toMatch(/transcriber down/);
    transcriberDown = false;
    const transcribedBefore = transcriber.requests.filter((request) => request.path === '/v1/audio/transcriptions').length;
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.getByTestId('question').filter({ hasText: 'what time is it in Tokyo' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(transcriber.requests.filter((request) => request.path === '/v1/audio/transcriptions').length).toBe(transcribedBefore + 1);
  });

  it('says plainly when microphone access is denied, and typing still works', async () => {
    // No fake permission UI: headless Chromium refuses the prompt, as a user pressing Block would.
    const denying = await launchChromium(['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
    try {
      const denied = await denying.newPage();
      await denied.goto(host.url);
      await denied.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
      // Started from the voice controls above the conversation, where the reason shows too.
      const panel = denied.getByRole('region', { name: 'Voice' });
      await panel.getByRole('button', { name: 'Start microphone' }).click();
      const problem = panel.getByRole('alert');
      await problem.waitFor({ timeout: 10_000 });
      expect(await problem.textContent()).toMatch(/^Microphone access was denied\..*typing still works\.$/);
      await panel.getByRole('button', { name: 'Start microphone' }).waitFor();
      await denied.screenshot({ path: `${ARTIFACTS_DIR}/microphone-denied.png` });

      await denied.getByLabel('Ask the assistant').fill('what is 6 times 7');
      await denied.getByLabel('Ask the assistant').press('Enter');
      const answer = denied.getByTestId('turn').last().getByTestId('answer');
      await expect.poll(() => answer.textContent(), { timeout: 15_000 }).toContain('42');
    } finally {
      await denying.close();
    }
  });

  it('stops the spoken answer in the page when the user talks over it (barge-in)', async () => {
    // Speech recognition from the local fake server, the answer from the clock agent, spoken by
    // espeak-ng. The fake microphone's file loops, so the question comes again while the answer plays.
    const fake = await startFakeOpenAiServer({ transcription: () => ({ kind: 'transcript', text: 'what time is it in Tokyo' }) });
    const talking = await browser.newPage();
    const sent: string[] = [];
    let audioOut = 0;
    talking.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        const method = parse(payload)?.method;
        if (method) sent.push(method);
      });
      socket.on('framereceived', ({ payload }) => {
        if (parse(payload)?.event === 'audioOut') audioOut++;
      });
    });
    try {
      await talking.goto(host.url);
      await talking.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
      await showView(talking, 'settings');
      await talking.getByLabel('OpenAI base URL').fill(fake.baseURL);
      await talking.getByRole('button', { name: 'Save settings' }).click();
      await talking.getByText('Settings saved', { exact: true }).waitFor();

      const panel = talking.getByRole('region', { name: 'Microphone' });
      await panel.getByRole('button', { name: 'Start microphone' }).click();
      const activity = panel.getByTestId('microphone-activity');
      await expect.poll(() => audioOut, { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(async () => Number(await activity.getAttribute('data-barge-ins')), { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(() => sent.includes('voiceInterrupt'), { timeout: 5_000 }).toBe(true);
      // From the VAD's speech start to the page's playback stopped (the audio itself goes silent
      // within the next 128-sample render quantum, 2.7-2.9 ms).
      const stopMs = Number(await activity.getAttribute('data-barge-in-stop-ms'));
      expect(stopMs).toBeGreaterThanOrEqual(0);
      recordMetrics({ barge_in_stop_ms: Math.round(stopMs * 100) / 100 });
      await talking.screenshot({ path: `${ARTIFACTS_DIR}/microphone-barge-in.png`, fullPage: true });
      await panel.getByRole('button', { name: 'Stop microphone' }).click();
    } finally {
      await talking.close();
      await fake.close();
    }
  });
});
