import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { ARTIFACTS_DIR, launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { openInspector } from './support/views.ts';

// Typed questions through the whole orchestrator in the headless host, with no API key: local
// specialists answer, the cache serves repeats, and what needs a key says so.

let browser: Browser;
let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  temp = makeTempDir('e2e-ask');
  host = await startHeadlessProcess(temp.path);
  page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(host.url);
  await page.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  temp?.remove();
});

async function ask(question: string): Promise<string> {
  const turns = page.getByTestId('turn');
  const before = await turns.count();
  await page.getByLabel('Ask the assistant').fill(question);
  await page.getByLabel('Ask the assistant').press('Enter');
  await expect.poll(() => turns.count()).toBe(before + 1);
  // Partial answers stream in first: wait for the turn to be answered, not for any text.
  await expect.poll(() => turns.nth(before).getAttribute('data-status'), { timeout: 15_000 }).toBe('answered');
  return (await turns.nth(before).getByTestId('answer').textContent()) ?? '';
}

describe('asking the orchestrator from the page', () => {
  it('answers a typed question with a local specialist and shows routing and trace', async () => {
    const answer = await ask('what is 12 times 7');
    expect(answer).toContain('84');
    // The turn's Inspect opens the inspector beside the conversation, on this turn.
    await page.getByTestId('turn').last().getByRole('button', { name: /^Inspect/ }).click();
    await page.getByTestId('inspector').waitFor({ state: 'visible' });
    const routing = page.getByRole('region', { name: 'Routing' });
    await expect.poll(() => routing.getByTestId('route-candidate').count()).toBeGreaterThan(0);
    expect(await routing.getByTestId('route-candidate').first().textContent()).toContain('calculator');
    expect(await routing.getByTestId('route-explanation').textContent()).not.toBe('');
    const trace = page.getByRole('region', { name: 'Trace' });
    const rows = trace.getByTestId('trace-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    const rowText = (await rows.allTextContents()).join(' | ');
    expect(rowText).toMatch(/calculator/);
    expect(rowText).toMatch(/success/i);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/ask-answer.png`, fullPage: true });
  });

  it('serves the repeated question from the cache and marks it', async () => {
    const answer = await ask('What is 12 times 7?');
    expect(answer).toContain('84');
    // The cache mark comes with the trace, which follows the answer.
    const last = page.getByTestId('turn').last();
    await expect.poll(() => last.textContent()).toContain('from cache');
    const trace = page.getByRole('region', { name: 'Trace' });
    await expect.poll(() => trace.textContent()).toMatch(/from cache/i);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/ask-cache-hit.png`, fullPage: true });
  });

  it('says plainly when no specialist can answer and what would help', async () => {
    const answer = await ask('write me a limerick about a penguin who loves jazz');
    expect(answer).toMatch(/can't answer that offline: it needs a language model/);
    expect(answer).toMatch(/key|local/i);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/ask-no-agent.png`, fullPage: true });
  });

  it('explains an empty question without breaking the session', async () => {
    await page.getByLabel('Ask the assistant').fill('   ');
    await page.getByLabel('Ask the assistant').press('Enter');
    const answer = await ask('time in Tokyo');
    expect(answer).toMatch(/\d{1,2}:\d{2}/);
  });

  it('picks a turn of an earlier session from the store in a new window', async () => {
    const second = await browser.newPage();
    try {
      await second.goto(host.url);
      await second.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
      await openInspector(second);
      const trace = second.getByRole('region', { name: 'Trace' });
      const pastTurns = trace.getByLabel('Past turns');
      // This window's session has no turns yet; the store has the first window's.
      expect(await pastTurns.locator('option').count()).toBe(1);
      await trace.getByLabel('From').selectOption('all');
      await expect.poll(() => pastTurns.locator('option').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringMatching(/what is 12 times 7/)]),
      );
      const first = (await pastTurns.locator('option').allTextContents()).find((label) => /what is 12 times 7/.test(label))!;
      await pastTurns.selectOption({ label: first });
      await expect.poll(() => trace.locator('.trace-query').textContent()).toBe('what is 12 times 7');
      await expect.poll(() => trace.getByTestId('trace-row').count()).toBeGreaterThanOrEqual(3);
      await second.screenshot({ path: `${ARTIFACTS_DIR}/trace-other-session.png`, fullPage: true });
    } finally {
      await second.close();
    }
  });
});
