import type { ApiKeyProvider, ApiKeyStatus } from '../../shared/contract.ts';
import type { SecretStore } from '../ports/secret-store.ts';

/** The secret store's name for each provider's key. */
const SECRET_NAMES: Record<ApiKeyProvider, string> = { openai: 'openai.apiKey' };
const ENV_NAMES: Record<ApiKeyProvider, string> = { openai: 'OPENAI_API_KEY' };

/** Shorter keys show no characters at all: four of eight would give half of it away. */
const MIN_LENGTH_FOR_HINT = 12;
const HINT_CHARS = 4;

export interface KeyInUse {
  key: string;
  source: 'stored' | 'environment';
}

export interface ApiKeys {
  /** The key the providers use: the one saved in Settings, else the environment variable. */
  inUse(provider: ApiKeyProvider): KeyInUse | null;
  status(provider: ApiKeyProvider): ApiKeyStatus;
  set(provider: ApiKeyProvider, key: string): Promise<ApiKeyStatus>;
  /** Forgets the saved key; a key from the environment, if any, is used again. */
  clear(provider: ApiKeyProvider): Promise<ApiKeyStatus>;
}

export function createApiKeys(secrets: SecretStore, env: Record<string, string | undefined>): ApiKeys {
  function inUse(provider: ApiKeyProvider): KeyInUse | null {
    const stored = secrets.get(SECRET_NAMES[provider]);
    if (stored) return { key: stored, source: 'stored' };
    const fromEnv = env[ENV_NAMES[provider]]?.trim();
    return fromEnv ? { key: fromEnv, source: 'environment' } : null;
  }
  function status(provider: ApiKeyProvider): ApiKeyStatus {
    const current = inUse(provider);
    return {
      provider,
      set: current !== null,
      hint: current ? keyHint(current.key) : null,
      source: current?.source ?? null,
      storage: secrets.kind,
      storageProblem: secrets.unavailableReason(),
    };
  }
  return {
    inUse,
    status,
    async set(provider, key) {
      await secrets.set(SECRET_NAMES[provider], key);
      return status(provider);
    },
    async clear(provider) {
      await secrets.delete(SECRET_NAMES[provider]);
      return status(provider);
    },
  };
}

/** `sk-…abcd`: the well-known prefix and the last four characters, never more. */
export function keyHint(key: string): string {
  const prefix = key.startsWith('sk-') ? 'sk-' : '';
  return key.length < MIN_LENGTH_FOR_HINT ? `${prefix}…` : `${prefix}…${key.slice(-HINT_CHARS)}`;
}

/**
 * The environment the chat and voice services read, whose OPENAI_API_KEY answers with the key in
 * use at the moment it is read, so a key saved in Settings applies at the next rebuild.
 */
export function environmentWithKeys(env: Record<string, string | undefined>, keys: ApiKeys): Record<string, string | undefined> {
  const view = { ...env };
  Object.defineProperty(view, ENV_NAMES.openai, { enumerable: true, get: () => keys.inUse('openai')?.key });
  return view;
}
