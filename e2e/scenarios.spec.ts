import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { ARTIFACTS_DIR, launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { openInspector, showView } from './support/views.ts';

// The front-desk scenario in the page, offline: picked in Settings, then handoffs by trigger
// phrase, the agent answering shown in the conversation and in the trace.

let browser: Browser;
let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  temp = makeTempDir('e2e-scenarios');
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
  await expect.poll(() => turns.nth(before).getAttribute('data-status'), { timeout: 15_000 }).toBe('answered');
  return (await turns.nth(before).getByTestId('answer').textContent()) ?? '';
}

describe('a scenario with handoffs in the page', () => {
  it('is picked in Settings, hands over on a trigger phrase and shows who answers', async () => {
    await showView(page, 'settings');
    const form = page.getByRole('form', { name: 'Settings' });
    await expect.poll(() => form.getByLabel('Scenario').locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['Desktop assistant', 'Front desk (handoff demo)']),
    );
    await form.getByLabel('Scenario').selectOption('front_desk');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Settings saved').waitFor();
    await showView(page, 'conversation');
    await expect.poll(() => page.getByTestId('active-agent').textContent()).toBe('Talking to Concierge');

    const greeting = await ask('Can I speak to the timekeeper?');
    expect(greeting).toBe('Timekeeper here. Ask me the time anywhere, or about dates.');
    const turn = page.getByTestId('turn').last();
    await expect.poll(() => turn.getByTestId('handoff').textContent()).toMatch(/^Concierge handed the conversation to Timekeeper/);
    await expect.poll(() => page.getByTestId('active-agent').textContent()).toBe('Talking to Timekeeper');

    const time = await ask('what time is it in Tokyo');
    expect(time).toMatch(/\d{1,2}:\d{2}/);
    await expect.poll(() => page.getByTestId('turn').last().getByTestId('turn-agent').textContent()).toBe('Timekeeper');
    await openInspector(page);
    const trace = page.getByRole('region', { name: 'Trace' });
    await expect.poll(() => trace.getByTestId('trace-conversation').textContent()).toMatch(/Answered by timekeeper \(through the experts\)/);

    // Discrete: the math tutor answers the sum itself, after the timekeeper hands back.
    await ask('back to the front desk please');
    const sum = await ask('I need help with math: what is 17 times 23');
    expect(sum).toContain('391');
    await expect.poll(() => page.getByTestId('active-agent').textContent()).toBe('Talking to Math tutor');
    await page.screenshot({ path: `${ARTIFACTS_DIR}/scenario-handoffs.png`, fullPage: true });
  });
});
