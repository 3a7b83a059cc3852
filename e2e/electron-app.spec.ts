import { fileURLToPath } from 'node:url';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { displayProblem, findElectronBinary } from '../scripts/electron-binary.ts';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { ARTIFACTS_DIR } from './support/chromium.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const binary = findElectronBinary();
const missing = 'reason' in binary ? binary.reason : displayProblem();
if (missing) console.log(`Electron end-to-end spec skipped: ${missing}`);

// Runs wherever an Electron binary and a display exist; elsewhere it is reported as skipped, with
// the reason in its name.
describe.skipIf(missing !== null)(`the desktop app${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('opens a locked-down window that shows the status from main', async () => {
    const temp = makeTempDir('e2e-electron');
    const app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : '',
      args: ['.'],
      cwd: ROOT,
      env: { ...process.env, ASSISTANT_DATA_DIR: temp.path },
    });
    try {
      const page = await app.firstWindow();
      await expect.poll(() => page.getByTestId('host-kind').textContent(), { timeout: 20_000 }).toBe('electron');
      const exposure = await page.evaluate(() => ({
        assistant: typeof (window as unknown as { assistant?: unknown }).assistant,
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        popup: window.open('https://example.com') === null,
      }));
      expect(exposure).toEqual({ assistant: 'object', require: 'undefined', process: 'undefined', popup: true });
      await page.screenshot({ path: `${ARTIFACTS_DIR}/electron.png` });
    } finally {
      await app.close();
      temp.remove();
    }
  });
});
