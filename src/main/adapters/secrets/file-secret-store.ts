import { AppError } from '../../core/errors.ts';
import type { SecretStore } from '../../ports/secret-store.ts';
import { readSecretFile, writeSecretFile, type SecretFileOptions } from './secret-file.ts';
import { createWriteQueue } from './write-queue.ts';

/**
 * The headless host's store: a JSON file (secrets.json in the data folder) that only the user may
 * read, as ssh and cloud CLIs keep their credentials. The values are not encrypted: anyone who can
 * read the user's files can read them, which is why the desktop app uses the OS keychain instead.
 */
export function openFileSecretStore(options: SecretFileOptions): SecretStore {
  const { entries, warnings, unwritableReason } = readSecretFile(options);
  const secrets = new Map(Object.entries(entries));
  const enqueue = createWriteQueue();

  function save(next: Map<string, string>): void {
    if (unwritableReason) throw new AppError('unavailable', unwritableReason);
    writeSecretFile(options, Object.fromEntries(next));
  }

  return {
    kind: 'file',
    path: options.path,
    openWarnings: warnings,
    get: (name) => secrets.get(name) ?? null,
    names: () => [...secrets.keys()],
    set: (name, value) =>
      enqueue(() => {
        save(new Map(secrets).set(name, value));
        secrets.set(name, value);
      }),
    delete: (name) =>
      enqueue(() => {
        if (!secrets.has(name)) return;
        const next = new Map(secrets);
        next.delete(name);
        save(next);
        secrets.delete(name);
      }),
    unavailableReason: () => unwritableReason,
  };
}
