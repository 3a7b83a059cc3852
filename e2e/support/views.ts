import type { Page } from 'playwright-core';

// The page shows one view at a time (conversation, history, settings) and the inspector beside
// the conversation only when opened: the specs go where a user would before they click.

export type View = 'conversation' | 'history' | 'settings';

export async function showView(page: Page, view: View): Promise<void> {
  const shown = page.getByTestId(`${view}-view`);
  // Beside the unit tests on two cores a click can land while the page is still busy starting: try again.
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.getByTestId(`view-${view}`).click();
    try {
      await shown.waitFor({ state: 'visible', timeout: 4_000 });
      return;
    } catch {
      // not yet
    }
  }
  await shown.waitFor({ state: 'visible', timeout: 10_000 });
}

/** Opens the inspector (routing, trace) beside the conversation, unless it is open already. */
export async function openInspector(page: Page): Promise<void> {
  await showView(page, 'conversation');
  const toggle = page.getByTestId('inspector-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByTestId('inspector').waitFor({ state: 'visible' });
}
