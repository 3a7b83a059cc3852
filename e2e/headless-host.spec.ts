import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { startFakeOpenAiServer } from '../src/main/adapters/testing/fake-openai-server.ts';
import { ARTIFACTS_DIR, launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { showView } from './support/views.ts';

let browser: Browser;
let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  temp = makeTempDir('e2e-headless');
  host = await startHeadlessProcess(temp.path);
});
afterEach(async () => {
  await host?.stop();
  temp.remove();
});

async function openApp(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(url);
  await expect.poll(() => page.getByTestId('connection').textContent()).toBe('connected');
  return page;
}

describe('the headless host in Chromium', () => {
  it('loads with the token and shows live status', async () => {
    const page = await openApp(host.url);
    await expect.poll(() => page.getByTestId('host-kind').textContent()).toBe('headless');
    expect(await page.getByTestId('app-version').textContent()).toMatch(/\d+\.\d+\.\d+/);
    expect(await page.getByTestId('store-path').textContent()).toContain(temp.path);
    const first = await page.getByTestId('uptime').textContent();
    await expect.poll(() => page.getByTestId('uptime').textContent(), { timeout: 5000 }).not.toBe(first);
    // The token lives in the path (no cookie, which every other server on 127.0.0.1 would receive).
    expect(new URL(page.url()).pathname).toBe(`/t/${host.token}/`);
    expect(await page.context().cookies()).toEqual([]);
    await showView(page, 'settings');
    await page.screenshot({ path: `${ARTIFACTS_DIR}/status.png`, fullPage: true });
    await page.close();
  });

  it('shows a new user what works offline; clicking an example asks it', async () => {
    const page = await openApp(host.url);
    const firstRun = page.getByTestId('first-run');
    await expect.poll(() => firstRun.getByTestId('first-run-model').textContent(), { timeout: 10_000 }).toMatch(/OpenAI API key, or a local OpenAI-compatible server/);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/first-run.png`, fullPage: true });
    await expect.poll(() => page.getByTestId('session').filter({ hasText: '(this window)' }).count(), { timeout: 15_000 }).toBe(1);
    await firstRun.getByRole('button', { name: 'what time is it in Tokyo' }).click();
    const turn = page.getByTestId('turn').first();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 30_000 }).toBe('answered');
    expect(await turn.getByTestId('answer').textContent()).toMatch(/Tokyo.*\d{1,2}:\d{2}/);
    expect(await page.getByTestId('first-run').count()).toBe(0);
    await page.close();
  });

  it('keeps settings saved in the UI across a host restart', async () => {
    const page = await openApp(host.url);
    await showView(page, 'settings');
    const form = page.getByRole('form', { name: 'Settings' });
    await form.getByLabel('Assistant name').fill('Friday');
    await form.getByLabel('Voice mode').selectOption('hands_free');
    await form.getByLabel('Speaking rate').fill('1.5');
    await form.getByLabel('Cache similarity').fill('0.95');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Settings saved' }).count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/settings-saved.png`, fullPage: true });
    await page.close();

    await host.stop();
    host = await startHeadlessProcess(temp.path);
    const reopened = await openApp(host.url);
    await showView(reopened, 'settings');
    const reopenedForm = reopened.getByRole('form', { name: 'Settings' });
    await expect.poll(() => reopenedForm.getByLabel('Assistant name').inputValue()).toBe('Friday');
    expect(await reopenedForm.getByLabel('Voice mode').inputValue()).toBe('hands_free');
    expect(await reopenedForm.getByLabel('Speaking rate').inputValue()).toBe('1.5');
    expect(await reopenedForm.getByLabel('Cache similarity').inputValue()).toBe('0.95');
    // Emptied, a threshold goes back to its default.
    expect(await reopenedForm.getByLabel('Router minimum confidence').inputValue()).toBe('');
    // Its placeholder says what empty means here: the value in moe_orchestrator.yaml.
    await expect.poll(() => reopenedForm.getByLabel('Router minimum confidence').getAttribute('placeholder')).toBe('default: 0.3');
    await reopenedForm.getByLabel('Cache similarity').fill('');
    await reopenedForm.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => reopened.getByRole('status').filter({ hasText: 'Settings saved' }).count()).toBe(1);
    expect(readFileSync(join(temp.path, 'settings.yaml'), 'utf8')).toMatch(/cacheSimilarity: null/);
    await reopened.close();
  });

  it('saves the valid settings even when one is wrong, and says why next to that field', async () => {
    const page = await openApp(host.url);
    await showView(page, 'settings');
    const form = page.getByRole('form', { name: 'Settings' });
    await form.getByLabel('Assistant name').fill('Friday');
    await form.getByLabel('OpenAI base URL').fill('ftp://example.com');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Settings saved, except 1 field' }).count(), { timeout: 10_000 }).toBe(1);
    const baseUrl = form.getByLabel('OpenAI base URL');
    expect(await baseUrl.getAttribute('aria-invalid')).toBe('true');
    expect(await baseUrl.inputValue()).toBe('ftp://example.com');
    expect(await form.getByTestId('field-error').textContent()).toBe('must be an http:// or https:// address');
    expect(readFileSync(join(temp.path, 'settings.yaml'), 'utf8')).toMatch(/name: Friday/);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/settings-field-error.png`, fullPage: true });
    // Editing the field clears its message.
    await baseUrl.fill('http://127.0.0.1:11434/v1');
    expect(await form.getByTestId('field-error').count()).toBe(0);

    // Test connection asks the saved server for its models: one that answers, then one that does not.
    const fake = await startFakeOpenAiServer({ models: ['llama3', 'qwen2.5'] });
    try {
      await baseUrl.fill(fake.baseURL);
      await form.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: /^Settings saved$/ }).count(), { timeout: 10_000 }).toBe(1);
      await form.getByRole('button', { name: /Test connection/ }).click();
      await expect.poll(() => form.getByTestId('connection-test').textContent(), { timeout: 10_000 }).toBe('Reachable: 2 models (llama3, qwen2.5).');
    } finally {
      await fake.close();
    }
    await form.getByRole('button', { name: /Test connection/ }).click();
    // The true reason, once, as a reply would say it (not "could not reach the server (Connection error.)").
    const gone = new URL(fake.baseURL).origin;
    await expect.poll(() => form.getByTestId('connection-test').textContent(), { timeout: 10_000 }).toBe(`The server at ${gone} does not answer (connection refused: nothing listens there). Start that server, or set another base URL in Settings.`);
    await page.close();
  });

  it('keeps its token across a restart, so a bookmark works, until the token is rotated', async () => {
    const first = host.token;
    await host.stop();
    host = await startHeadlessProcess(temp.path);
    expect(host.token).toBe(first);
    const page = await openApp(`${host.origin}/t/${first}/`);
    await page.close();

    await host.stop();
    host = await startHeadlessProcess(temp.path, ['--rotate-token']);
    expect(host.token).not.toBe(first);
    const stale = await fetch(`${host.origin}/t/${first}/`);
    expect(stale.status).toBeGreaterThanOrEqual(400);
    expect(await stale.text()).toMatch(/access token/);
  });

  it('keeps one session per window across reloads and restarts; a new conversation; a past one reopened and continued', async () => {
    const page = await openApp(host.url);
    const turns = page.getByTestId('turn');
    const ask = async (question: string) => {
      const before = await turns.count();
      await page.getByLabel('Ask the assistant').fill(question);
      await page.getByLabel('Ask the assistant').press('Enter');
      // Generous: beside the unit tests on two cores the host can be slow to answer.
      await expect.poll(() => turns.nth(before).getAttribute('data-status'), { timeout: 30_000 }).toBe('answered');
      return (await turns.nth(before).getByTestId('answer').textContent()) ?? '';
    };
    const sessions = page.getByTestId('session');
    // The window's session is open before the first question goes.
    await expect.poll(() => sessions.filter({ hasText: '(this window)' }).count(), { timeout: 15_000 }).toBe(1);
    expect(await ask('what is 12 times 7')).toContain('84');
    await expect.poll(() => sessions.filter({ hasText: '(this window)' }).textContent(), { timeout: 10_000 }).toContain('1 turn');

    // A reload, then a restart of the host: the same conversation, no new session.
    await page.reload();
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toBe('connected');
    await expect.poll(() => turns.count(), { timeout: 10_000 }).toBe(1);
    // On the same port, as `npm run serve` restarts: the same origin, so the window's memory holds.
    const port = new URL(host.origin).port;
    await host.stop();
    host = await startHeadlessProcess(temp.path, ['--port', port]);
    await page.goto(host.url);
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toBe('connected');
    await expect.poll(() => turns.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => sessions.count(), { timeout: 10_000 }).toBe(1);
    // The follow-up sees the question before it.
    expect(await ask('now divide that by 4')).toContain('21');

    await page.getByRole('button', { name: 'New conversation' }).click();
    await expect.poll(() => turns.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => sessions.count(), { timeout: 10_000 }).toBe(2);
    await showView(page, 'history');
    // Titled by its first question.
    expect(await sessions.getByTestId('session-title').allTextContents()).toEqual(['Nothing asked yet', 'what is 12 times 7']);
    await page.getByRole('button', { name: /^Open “what is 12 times 7” of/ }).click();
    // Opening it goes back to the conversation, now that one.
    await page.getByTestId('conversation-view').waitFor({ state: 'visible' });
    await expect.poll(() => turns.count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => sessions.filter({ hasText: '(this window)' }).textContent(), { timeout: 10_000 }).toContain('2 turns');
    await page.screenshot({ path: `${ARTIFACTS_DIR}/sessions-reopened.png`, fullPage: true });
    await page.close();
  });

  it('starts on defaults with a broken settings file and names file, line and field', async () => {
    await host.stop();
    writeFileSync(join(temp.path, 'settings.yaml'), 'voice:\n  mode: hands_free\n  speakingRate: loud\n');
    host = await startHeadlessProcess(temp.path);
    const page = await openApp(host.url);
    // Every view says so; Settings has the details.
    await page.getByTestId('config-problems-banner').getByRole('button', { name: 'Show in Settings' }).click();
    await page.getByTestId('settings-view').waitFor({ state: 'visible' });
    const alert = page.getByRole('alert').filter({ hasText: 'Configuration problems' });
    await expect.poll(() => alert.textContent()).toContain('settings.yaml:3:17');
    expect(await alert.textContent()).toContain('voice.speakingRate');
    const form = page.getByRole('form', { name: 'Settings' });
    expect(await form.getByLabel('Speaking rate').inputValue()).toBe('1');
    expect(await form.getByLabel('Voice mode').inputValue()).toBe('hands_free');
    await page.screenshot({ path: `${ARTIFACTS_DIR}/config-error.png`, fullPage: true });
    await page.close();
  });

  it('refuses a page and a socket without the token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(host.origin);
    expect(response?.status()).toBe(401);
    expect(await page.textContent('body')).toMatch(/access token/);
    const closeCode = await page.evaluate(
      (origin) =>
        new Promise<number>((resolve) => {
          const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws`);
          socket.onclose = (event) => resolve(event.code);
        }),
      host.origin,
    );
    expect(closeCode).toBe(4401);
    await context.close();
  });

  it('answers a malformed WebSocket message with an error and keeps serving', async () => {
    const page = await openApp(host.url);
    const replies = await page.evaluate(
      (socketUrl) =>
        new Promise<unknown[]>((resolve) => {
          const socket = new WebSocket(socketUrl);
          const received: unknown[] = [];
          socket.onmessage = (event) => {
            const message = JSON.parse(String(event.data)) as { type: string };
            if (message.type !== 'reply') return;
            received.push(message);
            if (received.length === 1) socket.send(JSON.stringify({ type: 'request', id: 2, method: 'getStatus' }));
            else resolve(received);
          };
          socket.onopen = () => socket.send('{"type":"request", this is not json');
        }),
      host.socketUrl,
    );
    expect(replies[0]).toMatchObject({ type: 'reply', id: null, result: { ok: false, error: { code: 'bad_request' } } });
    expect(replies[1]).toMatchObject({ type: 'reply', id: 2, result: { ok: true, value: { host: 'headless' } } });
    await page.close();
  });
});
