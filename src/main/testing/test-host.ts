import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openFileSecretStore } from '../adapters/secrets/file-secret-store.ts';
import { createAssistantHost, type AssistantHost } from '../host/assistant-host.ts';
import type { Clock } from '../ports/clock.ts';
import type { SecretStore } from '../ports/secret-store.ts';

export const REPO_CONFIG_DIR = fileURLToPath(new URL('../../../config', import.meta.url));

export interface TestHostOverrides {
  clock?: Clock;
  configDir?: string;
  env?: Record<string, string | undefined>;
  /** Default: the headless host's file store (secrets.json in the data folder). */
  secrets?: SecretStore;
  /** With `clock`, fake time for the host's timers (reminders going off). */
  setTimer?: (fn: () => void, ms: number) => () => void;
  sipSilentLineMs?: number;
  onSipFrameLateness?: (lateMs: number) => void;
}

/** A real host (real SQLite, real config files, real logger, real secrets file) in the given data folder. */
export function createTestHost(dataDir: string, overrides: TestHostOverrides = {}): AssistantHost {
  const clock = overrides.clock ?? { now: () => Date.now() };
  return createAssistantHost({
    kind: 'headless',
    appName: 'Voice Assistant',
    appVersion: '0.0.0-test',
    dataDir,
    configDir: overrides.configDir ?? REPO_CONFIG_DIR,
    versions: { electron: null, chrome: null },
    clock,
    env: overrides.env ?? {},
    secrets: overrides.secrets ?? openFileSecretStore({ path: join(dataDir, 'secrets.json'), now: () => clock.now() }),
    logToStderr: false,
    statusIntervalMs: 50,
    ...(overrides.setTimer ? { setTimer: overrides.setTimer } : {}),
    ...(overrides.sipSilentLineMs !== undefined ? { sipSilentLineMs: overrides.sipSilentLineMs } : {}),
    ...(overrides.onSipFrameLateness ? { onSipFrameLateness: overrides.onSipFrameLateness } : {}),
  });
}
