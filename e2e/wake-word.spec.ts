import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { concatAudio, silence, speak, toWavFile } from '../src/main/adapters/testing/speech-fixtures.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../src/main/adapters/testing/fake-openai-server.ts';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { ARTIFACTS_DIR, launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { showView } from './support/views.ts';
import { fakeMicrophoneArgs, sentRequests, voiceNotices, watchSocket, type SocketLog } from './support/voice-page.ts';

// Wake-word mode in Chromium on real audio: the fake microphone says a question without the
// phrase, then "Hey Jarvis, what is twelve times seven?". The page streams it to main, where the
// real openWakeWord models and the Silero VAD hear it: only the second is transcribed (by the local
// fake server, which writes what a recogniser would, phrase included), asked without the phrase,
// and answered aloud.

const SAID = 'Hey Jarvis, what is twelve times seven?';

let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;
let fake: FakeOpenAiServer;
let wav: string;
let browser: Browser;
let transcriptions = 0;

beforeAll(async () => {
  temp = makeTempDir('e2e-wake-word');
  wav = join(temp.path, 'wake-word.wav');
  const pause = (ms: number) => silence(ms, 48_000);
  // The capture file loops: a long silence at the end lets the answer play out first.
  const audio = concatAudio(
    pause(600),
    await speak('What is the weather in Paris?', { sampleRate: 48_000 }),
    pause(1500),
    await speak(SAID, { sampleRate: 48_000, speed: 0.9 }),
    pause(12_000),
  );
  await toWavFile(wav, audio);
  fake = await startFakeOpenAiServer({
    transcription: () => {
      transcriptions += 1;
      return { kind: 'transcript', text: SAID };
    },
  });
  host = await startHeadlessProcess(temp.path);
  browser = await launchChromium(fakeMicrophoneArgs(wav));
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await fake?.close();
  temp?.remove();
});

async function openPage(): Promise<{ page: Page; log: SocketLog }> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  const log = watchSocket(page);
  await page.goto(host.url);
  await page.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
  await showView(page, 'settings');
  await page.getByLabel('OpenAI base URL').fill(fake.baseURL);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved', { exact: true }).waitFor();
  await showView(page, 'conversation');
  return { page, log };
}

describe('the wake word in Chromium', () => {
  it('answers only what was said after "Hey Jarvis", without the phrase, and ignores the rest', async () => {
    const { page, log } = await openPage();
    const bar = page.getByRole('region', { name: 'Voice' });
    await bar.getByRole('radio', { name: 'Wake word' }).check();
    await expect.poll(() => sentRequests(log, 'voiceSetMode').map(({ params }) => params.mode), { timeout: 5_000 }).toContain('wake_word');
    await bar.getByRole('button', { name: 'Start microphone' }).click();
    await bar.getByRole('button', { name: 'Stop microphone' }).waitFor({ timeout: 10_000 });
    expect(await bar.getByTestId('wake-hint').textContent()).toBe('Say “Hey Jarvis”, then your question; saying it over the answer stops it.');

    await expect.poll(() => voiceNotices(log).some((notice) => notice.kind === 'wake_heard'), { timeout: 30_000, message: 'the phrase heard' }).toBe(true);
    const turn = page.getByTestId('turn').first();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 30_000 }).toBe('answered');
    expect(await turn.getByTestId('question').textContent()).toBe('What is twelve times seven?');
    expect(await turn.getByTestId('answer').textContent()).toContain('84');
    await page.screenshot({ path: `${ARTIFACTS_DIR}/wake-word-answered.png`, fullPage: true });

    // The question without the phrase, said first, was never sent to be recognised.
    expect(transcriptions, `voice notices: ${JSON.stringify(voiceNotices(log).map(({ at: _at, ...notice }) => notice))}`).toBe(1);
    // One row for the spoken question (its partial answers and its trace bind to it).
    expect(await page.getByTestId('turn').count()).toBe(1);
    expect(voiceNotices(log).filter((notice) => notice.kind === 'error')).toEqual([]);
    await bar.getByRole('button', { name: 'Stop microphone' }).click();
    await page.close();
  });
});
