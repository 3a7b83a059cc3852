import { fileURLToPath } from 'node:url';
import { createAssistantHost, type AssistantHost } from '../host/assistant-host.ts';
import type { Clock } from '../ports/clock.ts';

export const REPO_CONFIG_DIR = fileURLToPath(new URL('../../../config', import.meta.url));

/** A real host (real SQLite, real config files, real logger) in the given data folder. */
export function createTestHost(dataDir: string, overrides: { clock?: Clock; configDir?: string; env?: Record<string, string | undefined> } = {}): AssistantHost {
  return createAssistantHost({
    kind: 'headless',
    appName: 'Voice Assistant',
    appVersion: '0.0.0-test',
    dataDir,
    configDir: overrides.configDir ?? REPO_CONFIG_DIR,
    versions: { electron: null, chrome: null },
    clock: overrides.clock ?? { now: () => Date.now() },
    env: overrides.env ?? {},
    logToStderr: false,
    statusIntervalMs: 50,
  });
}
