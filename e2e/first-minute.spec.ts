import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../src/main/adapters/testing/fake-openai-server.ts';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { ARTIFACTS_DIR, launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { openInspector, showView } from './support/views.ts';
import { pushedEvents, sentRequests, watchSocket, type SocketLog } from './support/voice-page.ts';

// A new user's first minute on a fresh data directory, step by step, with a picture of each main
// view. `npm run screenshots` writes the pictures into docs/screenshots (the README shows them);
// every other run writes them beside the other e2e artifacts.

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : `${ARTIFACTS_DIR}/screenshots`;

let browser: Browser;
let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;
let fake: FakeOpenAiServer;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  temp = makeTempDir('e2e-first-minute');
  host = await startHeadlessProcess(temp.path);
  fake = await startFakeOpenAiServer({ models: ['llama3.2', 'whisper-1'] });
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await fake?.close();
  temp?.remove();
});

async function openPage(options: { width: number; height: number; colorScheme: 'light' | 'dark' }, onPage: (page: Page) => void = () => {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width, height: options.height }, colorScheme: options.colorScheme });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  onPage(page);
  await page.goto(host.url);
  await page.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
  // The window's session: asking waits for it.
  await expect.poll(() => page.getByTestId('session').filter({ hasText: '(this window)' }).count(), { timeout: 15_000 }).toBe(1);
  return page;
}

describe("a new user's first minute", () => {
  it('sees what works offline, asks by clicking, inspects the answer, and finds settings and history as views of their own', async () => {
    let log!: SocketLog;
    const page = await openPage({ width: 1280, height: 860, colorScheme: 'light' }, (opened) => (log = watchSocket(opened)));

    // 1. The conversation view: examples that work offline, and why talking is not available yet.
    const firstRun = page.getByTestId('first-run');
    await firstRun.waitFor();
    const voice = page.getByRole('region', { name: 'Voice' });
    // Said once, in the voice controls, with the one action that fixes it; nothing says "Listening".
    expect(await voice.getByTestId('voice-unavailable').textContent()).toMatch(/^Nothing here can understand speech yet/);
    expect(await voice.getByTestId('voice-unavailable').getByRole('button').textContent()).toBe('Get a speech model');
    expect(await voice.getByTestId('talk-button').isDisabled()).toBe(true);
    expect(await voice.getByTestId('voice-phase').textContent()).toBe('Not listening');
    expect(await firstRun.getByText(/speech/i).count()).toBe(0);
    await expect.poll(() => firstRun.getByTestId('first-run-model').textContent(), { timeout: 10_000 }).toMatch(/need a language model/);
    await page.screenshot({ path: `${SHOTS}/first-run.png` });

    // 2. An example asks itself; its answer is spoken (no microphone is on) and can be inspected.
    await firstRun.getByRole('button', { name: 'what time is it in Tokyo' }).click();
    const turn = page.getByTestId('turn').first();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 30_000 }).toBe('answered');
    const answer = (await turn.getByTestId('answer').textContent()) ?? '';
    expect(answer).toMatch(/Tokyo.*\d{1,2}:\d{2}/);
    // Spoken through the window's voice (espeak-ng offline): the page asked, and the audio came.
    await expect.poll(() => sentRequests(log, 'voiceSpeak').map(({ params }) => params.text), { timeout: 10_000 }).toEqual([answer]);
    await expect.poll(() => pushedEvents(log, 'audioOut').length, { timeout: 15_000 }).toBeGreaterThan(0);
    await turn.getByRole('button', { name: /^Inspect/ }).click();
    const inspector = page.getByTestId('inspector');
    await inspector.waitFor({ state: 'visible' });
    await expect.poll(() => inspector.getByTestId('route-candidate').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await inspector.getByTestId('route-candidate').first().textContent()).toContain('clock');
    await expect.poll(() => inspector.getByTestId('trace-row').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: `${SHOTS}/conversation-and-inspector.png` });

    // 3. Settings, its own view: every field, the speech models to download, status and log.
    await showView(page, 'settings');
    expect(await page.getByRole('region', { name: 'Speech models' }).count()).toBe(1);
    // The voice is previewed in place.
    const heardBefore = pushedEvents(log, 'audioOut').length;
    await page.getByRole('button', { name: 'Preview the voice' }).click();
    await expect.poll(() => pushedEvents(log, 'audioOut').length, { timeout: 15_000 }).toBeGreaterThan(heardBefore);
    await page.screenshot({ path: `${SHOTS}/settings.png` });

    // 4. History: this conversation, with its one question.
    await showView(page, 'history');
    await expect.poll(() => page.getByTestId('session').filter({ hasText: '(this window)' }).textContent(), { timeout: 10_000 }).toContain('1 turn');
    await page.screenshot({ path: `${SHOTS}/history.png` });
    await page.close();
  });

  it('fits a 380 px window in the dark theme, inspector included, without sideways scrolling', async () => {
    const page = await openPage({ width: 380, height: 820, colorScheme: 'dark' });
    expect(await page.evaluate(() => document.documentElement.classList.contains('theme-dark'))).toBe(true);
    await page.getByLabel('Ask the assistant').fill('what is 18% of 64.50');
    await page.getByLabel('Ask the assistant').press('Enter');
    await expect.poll(() => page.getByTestId('turn').last().getAttribute('data-status'), { timeout: 30_000 }).toBe('answered');
    await openInspector(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/narrow-dark.png`, fullPage: true });
    await page.close();
  });

  // Last: from here on this host's provider is the fake server.
  it('enters a local server from the first-run panel and is told at once that it answers', async () => {
    const page = await openPage({ width: 1280, height: 860, colorScheme: 'light' });
    const setup = page.getByTestId('first-run-setup');
    await setup.locator('summary').click();
    await setup.getByLabel('Local server address').fill(fake.baseURL);
    await setup.getByRole('button', { name: 'Use this server' }).click();
    // Saved and checked at once: the set-up panel gives way to what now works.
    await expect.poll(() => page.getByTestId('first-run-model').textContent(), { timeout: 10_000 }).toMatch(/A language model is set up/);
    // Talking is offered now: the recognizer is that server.
    expect(await page.getByTestId('voice-unavailable').count()).toBe(0);
    await page.close();
  });
});
