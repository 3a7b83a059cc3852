import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { ARTIFACTS_DIR, launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { openInspector, showView, type View } from './support/views.ts';

// The page with the keyboard alone, in a small window, and with every control named for a
// screen reader.

let browser: Browser;
let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;

beforeAll(async () => {
  browser = await launchChromium();
  temp = makeTempDir('e2e-a11y');
  host = await startHeadlessProcess(temp.path);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  temp?.remove();
});

async function openPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(host.url);
  await page.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
  return page;
}

/** Controls a screen reader would announce without a name. */
function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (element: Element): boolean => {
      const control = element as HTMLInputElement;
      if (control.labels && control.labels.length > 0) return true;
      if (element.getAttribute('aria-label')?.trim()) return true;
      const labelledBy = element.getAttribute('aria-labelledby');
      if (labelledBy && labelledBy.split(/\s+/).some((id) => document.getElementById(id)?.textContent?.trim())) return true;
      return element.tagName === 'BUTTON' && (element.textContent?.trim() ?? '') !== '';
    };
    return [...document.querySelectorAll('input, select, textarea, button')]
      .filter((element) => !(element as HTMLInputElement).hidden && (element as HTMLInputElement).type !== 'hidden')
      .filter((element) => !named(element))
      .map((element) => element.outerHTML.slice(0, 120));
  });
}

describe('keyboard, small windows and names', () => {
  it('names every control and every panel, in each view', async () => {
    const page = await openPage({ width: 1280, height: 900 });
    const regionsOf: Record<View, string[]> = {
      conversation: ['Conversation', 'Voice', 'Routing', 'Trace'],
      history: ['Sessions'],
      settings: ['Settings', 'Microphone', 'Status', 'Log'],
    };
    await openInspector(page);
    for (const [view, names] of Object.entries(regionsOf) as [View, string[]][]) {
      await showView(page, view);
      expect(await unnamedControls(page), view).toEqual([]);
      for (const name of names) expect(await page.getByRole('region', { name }).count(), `${view}: ${name}`).toBe(1);
    }
    await showView(page, 'conversation');
    expect(await page.getByRole('complementary', { name: 'Inspector' }).count()).toBe(1);
    await page.close();
  });

  it('moves between the views and opens and closes the inspector with the keyboard alone', async () => {
    const page = await openPage({ width: 1280, height: 900 });
    const settingsTab = page.getByTestId('view-settings');
    for (let presses = 0; presses < 20 && !(await settingsTab.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('settings-view').waitFor({ state: 'visible' });
    expect(await settingsTab.getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('conversation-view').isHidden()).toBe(true);

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('conversation-view').waitFor({ state: 'visible' });
    // The inspector's toggle, then Escape from inside it: closed, and the focus back on the toggle.
    await page.getByTestId('inspector-toggle').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('inspector').waitFor({ state: 'visible' });
    expect(await page.getByTestId('inspector').evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('inspector').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('inspector-toggle').evaluate((element) => element === document.activeElement)).toBe(true);
    await page.close();
  });

  it('asks a question with the keyboard alone, with the focus visible on the way', async () => {
    const page = await openPage({ width: 1280, height: 900 });
    const input = page.getByLabel('Ask the assistant');
    const outlines: string[] = [];
    // Tab from the top of the page until the question field has the focus.
    for (let presses = 0; presses < 40; presses++) {
      await page.keyboard.press('Tab');
      outlines.push(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle));
      if (await input.evaluate((element) => element === document.activeElement)) break;
    }
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    // Every element the Tab key reached showed where the focus was.
    expect(outlines.filter((style) => style === 'none')).toEqual([]);
    await page.keyboard.type('what is 6 times 7');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('turn').last().getByTestId('answer').textContent(), { timeout: 15_000 }).toContain('42');
    await page.close();
  });

  it('reaches the question box in one Tab from the transcript, however many answers, or with "/"', async () => {
    const page = await openPage({ width: 1280, height: 900 });
    const input = page.getByLabel('Ask the assistant');
    for (const question of ['what is 2 plus 2', 'what is 3 times 3', 'what is 10 minus 4']) {
      await input.fill(question);
      await input.press('Enter');
      await expect.poll(() => page.getByTestId('turn').last().getAttribute('data-status'), { timeout: 15_000 }).toBe('answered');
    }
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? '');
    // The transcript is one stop: Tab from it goes straight to the question box, past every Inspect.
    await page.getByRole('list', { name: 'Conversation' }).focus();
    await page.keyboard.press('Tab');
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    // Inside it, the arrow keys move between the answers' Inspect buttons.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('Inspect the answer to: what is 10 minus 4');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('Inspect the answer to: what is 3 times 3');
    // "/" from anywhere but a field comes back to the question box.
    await page.keyboard.press('/');
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await input.inputValue()).toBe('');
    await page.close();
  });

  it('fits a narrow window without sideways scrolling', async () => {
    const page = await openPage({ width: 380, height: 800 });
    await page.getByLabel('Ask the assistant').fill('what is 6 times 7');
    await page.getByLabel('Ask the assistant').press('Enter');
    await expect.poll(() => page.getByTestId('turn').last().getByTestId('answer').textContent(), { timeout: 15_000 }).toContain('42');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/narrow-window.png`, fullPage: true });
    await page.close();
  });
});
