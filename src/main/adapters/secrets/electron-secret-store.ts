import { AppError } from '../../core/errors.ts';
import type { SecretStore, SecretStoreWarning } from '../../ports/secret-store.ts';
import { readSecretFile, writeSecretFile, type SecretFileOptions } from './secret-file.ts';
import { createWriteQueue } from './write-queue.ts';

/**
 * The part of Electron's `safeStorage` this store uses (the asynchronous API: the synchronous one
 * is deprecated in Electron 45 and gone in 46). Taken as an argument so tests pass a fake.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only: which keyring backs the encryption key. */
  getSelectedStorageBackend(): string;
}

export interface ElectronSecretStoreOptions extends SecretFileOptions {
  safeStorage: SafeStorageLike;
}

export const NO_ENCRYPTION_REASON =
  'This system offers no OS encryption for stored keys, so the app does not store them. Set OPENAI_API_KEY in the environment instead.';
export const BASIC_TEXT_REASON =
  'No OS keyring (GNOME Keyring / KWallet) was found, and without one Electron would protect keys only with a password built into it, so the app does not store them. Start a keyring, or set OPENAI_API_KEY in the environment instead.';

/**
 * The desktop app's store: each value encrypted by Electron's safeStorage (Keychain on macOS,
 * DPAPI on Windows, the Secret Service or KWallet on Linux), the encrypted blobs kept as base64
 * in a JSON file in the data folder. Values are decrypted once here and kept in memory.
 */
export async function openElectronSecretStore(options: ElectronSecretStoreOptions): Promise<SecretStore> {
  const { safeStorage } = options;
  const file = readSecretFile(options);
  const warnings: SecretStoreWarning[] = [...file.warnings];
  const unavailable = file.unwritableReason ?? (await encryptionProblem(options));
  /** What is on disk, including blobs that could not be decrypted now (a keyring that may come back). */
  const blobs = new Map(Object.entries(file.entries));
  const secrets = new Map<string, string>();
  const stale: string[] = [];

  if (unavailable === null) {
    for (const [name, blob] of blobs) {
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(blob, 'base64'));
        secrets.set(name, result);
        if (shouldReEncrypt) stale.push(name);
      } catch (error) {
        warnings.push({
          code: 'secret_undecryptable',
          message: `the stored "${name}" cannot be decrypted (${(error as Error).message}); it is kept in ${options.path} but not used`,
        });
      }
    }
  }

  const enqueue = createWriteQueue();
  const save = (next: Map<string, string>) => writeSecretFile(options, Object.fromEntries(next));
  const encrypt = async (value: string) => (await safeStorage.encryptStringAsync(value)).toString('base64');

  if (stale.length > 0) {
    // The OS rotated the encryption key; store the values under the new one.
    try {
      const next = new Map(blobs);
      for (const name of stale) next.set(name, await encrypt(secrets.get(name)!));
      save(next);
      for (const [name, blob] of next) blobs.set(name, blob);
    } catch (error) {
      warnings.push({ code: 'secret_undecryptable', message: `stored keys could not be re-encrypted under the new OS key: ${(error as Error).message}` });
    }
  }

  return {
    kind: 'os-keychain',
    path: options.path,
    openWarnings: warnings,
    get: (name) => secrets.get(name) ?? null,
    names: () => [...secrets.keys()],
    set: (name, value) =>
      enqueue(async () => {
        if (unavailable) throw new AppError('unavailable', unavailable);
        let blob: string;
        try {
          blob = await encrypt(value);
        } catch (error) {
          throw new AppError('unavailable', `the OS could not encrypt the key: ${(error as Error).message}`, { cause: error });
        }
        save(new Map(blobs).set(name, blob));
        blobs.set(name, blob);
        secrets.set(name, value);
      }),
    delete: (name) =>
      enqueue(() => {
        if (!blobs.has(name)) return;
        if (file.unwritableReason) throw new AppError('unavailable', file.unwritableReason);
        const next = new Map(blobs);
        next.delete(name);
        save(next);
        blobs.delete(name);
        secrets.delete(name);
      }),
    unavailableReason: () => unavailable,
  };
}

async function encryptionProblem(options: ElectronSecretStoreOptions): Promise<string | null> {
  let available: boolean;
  try {
    available = await options.safeStorage.isAsyncEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) return NO_ENCRYPTION_REASON;
  if ((options.platform ?? process.platform) === 'linux' && options.safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return BASIC_TEXT_REASON;
  }
  return null;
}
