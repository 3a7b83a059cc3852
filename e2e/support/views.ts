import type { Page } from 'playwright-core';

// The page shows one view at a time (conversation, history, settings) and the inspector beside
// the conversation only when opened: the specs go where a user would before they click.

export type View = 'conversation' | 'history' | 'settings';

export async function showView(page: Page, view: View): Promise<void> {
  await page.getByTestId(`view-${view}`).click();
  await page.getByTestId(`${view}-view`).waitFor({ state: 'visible' });
}

/** Opens the inspector (routing, trace) beside the conversation, unless it is open already. */
export async function openInspector(page: Page): Promise<void> {
  await showView(page, 'conversation');
  const toggle = page.getByTestId('inspector-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByTestId('inspector').waitFor({ state: 'visible' });
}
