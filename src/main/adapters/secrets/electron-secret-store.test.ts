import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { BASIC_TEXT_REASON, NO_ENCRYPTION_REASON, openElectronSecretStore, type SafeStorageLike } from './electron-secret-store.ts';

const KEY = 'sk-proj-0123456789abcdefWXYZ';

/**
 * Stands in for the OS: a versioned XOR "cipher" that is reversible but never leaves the text
 * readable, and fails on blobs of another key version, as a real keyring whose key changed does.
 */
function fakeSafeStorage(options: { available?: boolean; backend?: string; version?: number; rotateFrom?: number } = {}) {
  const version = options.version ?? 1;
  const pad = (v: number) => 0x5a ^ v;
  const calls = { encrypt: 0 };
  const storage: SafeStorageLike = {
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    async encryptStringAsync(plainText) {
      calls.encrypt++;
      const bytes = Buffer.from(plainText, 'utf8').map((byte) => byte ^ pad(version));
      return Buffer.concat([Buffer.from([version]), bytes]);
    },
    async decryptStringAsync(encrypted) {
      const blobVersion = encrypted[0]!;
      if (blobVersion !== version && blobVersion !== options.rotateFrom) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const text = Buffer.from(encrypted.subarray(1).map((byte) => byte ^ pad(blobVersion))).toString('utf8');
      return { result: text, shouldReEncrypt: blobVersion !== version };
    },
  };
  return { storage, calls };
}

let temp: ReturnType<typeof makeTempDir>;
let path: string;
const open = (safeStorage: SafeStorageLike, platform: NodeJS.Platform = 'linux') =>
  openElectronSecretStore({ path, now: () => 1, platform, safeStorage });
const blobsOnDisk = () => (JSON.parse(readFileSync(path, 'utf8')) as { secrets: Record<string, string> }).secrets;

beforeEach(() => {
  temp = makeTempDir('electron-secrets');
  path = join(temp.path, 'secrets.safe-storage.json');
});
afterEach(() => temp.remove());

describe('electron secret store', () => {
  it('keeps values encrypted on disk and decrypts them when reopened', async () => {
    const { storage } = fakeSafeStorage();
    const store = await open(storage);
    expect(store.kind).toBe('os-keychain');
    expect(store.unavailableReason()).toBeNull();
    await store.set('openai.apiKey', KEY);

    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('0123456789');
    const blob = Buffer.from(blobsOnDisk()['openai.apiKey']!, 'base64');
    expect((await storage.decryptStringAsync(blob)).result).toBe(KEY);

    const reopened = await open(storage);
    expect(reopened.get('openai.apiKey')).toBe(KEY);
    await reopened.delete('openai.apiKey');
    expect((await open(storage)).get('openai.apiKey')).toBeNull();
  });

  it('refuses to store when the OS offers no encryption, and says why', async () => {
    const store = await open(fakeSafeStorage({ available: false }).storage);
    expect(store.unavailableReason()).toBe(NO_ENCRYPTION_REASON);
    await expect(store.set('openai.apiKey', KEY)).rejects.toMatchObject({ code: 'unavailable', message: NO_ENCRYPTION_REASON });
    expect(store.get('openai.apiKey')).toBeNull();
  });

  it('refuses Linux without a keyring, where Electron would use a built-in password', async () => {
    const linux = await open(fakeSafeStorage({ backend: 'basic_text' }).storage, 'linux');
    expect(linux.unavailableReason()).toBe(BASIC_TEXT_REASON);
    await expect(linux.set('openai.apiKey', KEY)).rejects.toMatchObject({ message: BASIC_TEXT_REASON });
    // The backend question is a Linux one only.
    const mac = await open(fakeSafeStorage({ backend: 'basic_text' }).storage, 'darwin');
    expect(mac.unavailableReason()).toBeNull();
  });

  it('keeps a blob it cannot decrypt on disk but does not use it', async () => {
    const old = await open(fakeSafeStorage({ version: 1 }).storage);
    await old.set('openai.apiKey', KEY);
    const oldBlob = blobsOnDisk()['openai.apiKey'];

    const store = await open(fakeSafeStorage({ version: 2 }).storage);

    expect(store.get('openai.apiKey')).toBeNull();
    expect(store.openWarnings).toEqual([expect.objectContaining({ code: 'secret_undecryptable', message: expect.stringContaining('"openai.apiKey" cannot be decrypted') })]);
    await store.set('other', 'value');
    expect(blobsOnDisk()['openai.apiKey']).toBe(oldBlob);
  });

  it('re-encrypts values the OS asks to, under its new key', async () => {
    await (await open(fakeSafeStorage({ version: 1 }).storage)).set('openai.apiKey', KEY);
    const rotated = fakeSafeStorage({ version: 2, rotateFrom: 1 });

    const store = await open(rotated.storage);

    expect(store.get('openai.apiKey')).toBe(KEY);
    expect(rotated.calls.encrypt).toBe(1);
    expect(Buffer.from(blobsOnDisk()['openai.apiKey']!, 'base64')[0]).toBe(2);
    expect((await open(fakeSafeStorage({ version: 2 }).storage)).get('openai.apiKey')).toBe(KEY);
  });

  it('sets a corrupt file aside and starts empty', async () => {
    const { storage } = fakeSafeStorage();
    await (await open(storage)).set('openai.apiKey', KEY);
    writeFileSync(path, 'garbage');
    const store = await open(storage);
    expect(store.get('openai.apiKey')).toBeNull();
    expect(store.openWarnings[0]).toMatchObject({ code: 'secrets_corrupt' });
    expect(readFileSync(`${path}.corrupt-1`, 'utf8')).toBe('garbage');
  });
});
