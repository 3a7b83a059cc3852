import type { ApiKeyProvider, ApiKeyStatus } from '../../shared/contract.ts';
import type { SecretStore } from '../ports/secret-store.ts';

/** Twilio's REST API: its auth token is kept for this origin (it also checks the webhooks' signatures). */
export const TWILIO_API_ORIGIN = 'https://api.twilio.com';
/**
 * The SIP password has no web address to be bound to, and needs none: it never leaves this machine
 * (digest sends a hash of it made for one challenge). It is kept under this fixed name.
 */
export const SIP_SECRET_ORIGIN = 'https://sip.invalid';

// A key goes only to the origin it was saved for. Anyone who can change Settings (the headless
// host's token is enough) could otherwise point the base URL at their own server and receive the
// key as a Bearer header on the next question. A key for another address has to be entered for it:
// whoever does that already knows the key.

/** Saved keys are named `<prefix>@<origin>`. */
const SECRET_PREFIX: Record<ApiKeyProvider, string> = { openai: 'openai.apiKey', twilio: 'twilio.authToken', sip: 'sip.password' };
/** Keys saved before they were bound to an origin, under the bare prefix. */
const UNBOUND_NAME = SECRET_PREFIX;
const ENV_NAMES: Record<ApiKeyProvider, string> = { openai: 'OPENAI_API_KEY', twilio: 'TWILIO_AUTH_TOKEN', sip: 'SIP_PASSWORD' };
/** The environment's key goes to the provider's own service, or to the base URL the environment names. */
const ENV_BASE_URL_NAMES: Record<ApiKeyProvider, string | null> = { openai: 'OPENAI_BASE_URL', twilio: 'TWILIO_API_BASE_URL', sip: null };
/** Where each provider's key goes by default (OpenAI's goes to the base URL in Settings instead). */
export const PROVIDER_ORIGINS: Record<ApiKeyProvider, string> = { openai: 'https://api.openai.com', twilio: TWILIO_API_ORIGIN, sip: SIP_SECRET_ORIGIN };

/** Shorter keys show no characters at all: four of eight would give half of it away. */
const MIN_LENGTH_FOR_HINT = 12;
const HINT_CHARS = 4;

export interface KeyInUse {
  key: string;
  source: 'stored' | 'environment';
}

export interface ApiKeys {
  /** The key sent to `baseURL`: the one saved for its origin, else the environment's where that is trusted. */
  keyFor(provider: ApiKeyProvider, baseURL: string): KeyInUse | null;
  status(provider: ApiKeyProvider, baseURL: string): ApiKeyStatus;
  /** Saves the key for `baseURL`'s origin; keys saved for other origins stay. */
  set(provider: ApiKeyProvider, baseURL: string, key: string): Promise<ApiKeyStatus>;
  /** Forgets the key saved for `baseURL`'s origin; the environment's, if trusted there, is used again. */
  clear(provider: ApiKeyProvider, baseURL: string): Promise<ApiKeyStatus>;
  /** Binds a key saved by an earlier version (no origin) to `baseURL`'s origin; returns that origin, or null if there was none. */
  bindUnbound(provider: ApiKeyProvider, baseURL: string): Promise<string | null>;
}

/** `scheme://host[:port]` of an http(s) URL; null for anything else. */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

const savedName = (provider: ApiKeyProvider, origin: string) => `${SECRET_PREFIX[provider]}@${origin}`;

/**
 * OPENAI_API_KEY for `baseURL`: only the provider's own service or the base URL the environment
 * itself names (OPENAI_BASE_URL) receive it, never one that came from a settings file.
 */
export function environmentKeyFor(provider: ApiKeyProvider, env: Record<string, string | undefined>, baseURL: string): string | null {
  const origin = originOf(baseURL);
  const key = env[ENV_NAMES[provider]]?.trim();
  if (!key || origin === null) return null;
  return origin === PROVIDER_ORIGINS[provider] || origin === originOf(env[ENV_BASE_URL_NAMES[provider] ?? '']) ? key : null;
}

export function createApiKeys(secrets: SecretStore, env: Record<string, string | undefined>): ApiKeys {
  function keyFor(provider: ApiKeyProvider, baseURL: string): KeyInUse | null {
    const origin = originOf(baseURL);
    if (origin === null) return null;
    const stored = secrets.get(savedName(provider, origin));
    if (stored) return { key: stored, source: 'stored' };
    const fromEnv = environmentKeyFor(provider, env, baseURL);
    return fromEnv ? { key: fromEnv, source: 'environment' } : null;
  }
  function savedFor(provider: ApiKeyProvider): string[] {
    const prefix = `${SECRET_PREFIX[provider]}@`;
    return secrets
      .names()
      .filter((name) => name.startsWith(prefix) && secrets.get(name))
      .map((name) => name.slice(prefix.length));
  }
  function status(provider: ApiKeyProvider, baseURL: string): ApiKeyStatus {
    const current = keyFor(provider, baseURL);
    const origin = originOf(baseURL);
    return {
      provider,
      set: current !== null,
      hint: current ? keyHint(current.key) : null,
      source: current?.source ?? null,
      storage: secrets.kind,
      storageProblem: secrets.unavailableReason(),
      origin,
      savedFor: savedFor(provider).filter((other) => other !== origin),
    };
  }
  function requireOrigin(baseURL: string): string {
    const origin = originOf(baseURL);
    if (origin === null) throw new Error(`the base URL ${baseURL} is not an http(s) address`);
    return origin;
  }
  return {
    keyFor,
    status,
    async set(provider, baseURL, key) {
      await secrets.set(savedName(provider, requireOrigin(baseURL)), key);
      return status(provider, baseURL);
    },
    async clear(provider, baseURL) {
      await secrets.delete(savedName(provider, requireOrigin(baseURL)));
      return status(provider, baseURL);
    },
    async bindUnbound(provider, baseURL) {
      const unbound = secrets.get(UNBOUND_NAME[provider]);
      const origin = originOf(baseURL);
      if (!unbound || origin === null) return null;
      if (!secrets.get(savedName(provider, origin))) await secrets.set(savedName(provider, origin), unbound);
      await secrets.delete(UNBOUND_NAME[provider]);
      return origin;
    },
  };
}

/** `sk-…abcd`: the well-known prefix and the last four characters, never more. */
export function keyHint(key: string): string {
  const prefix = key.startsWith('sk-') ? 'sk-' : '';
  return key.length < MIN_LENGTH_FOR_HINT ? `${prefix}…` : `${prefix}…${key.slice(-HINT_CHARS)}`;
}

/**
 * The environment the chat and voice services read, whose OPENAI_API_KEY answers with the key for
 * the base URL in force at the moment it is read, so a key saved in Settings applies at the next
 * rebuild and a base URL changed to another server gets no key.
 */
export function environmentWithKeys(
  env: Record<string, string | undefined>,
  keys: ApiKeys,
  baseURL: () => string,
): Record<string, string | undefined> {
  const view = { ...env };
  Object.defineProperty(view, ENV_NAMES.openai, { enumerable: true, get: () => keys.keyFor('openai', baseURL())?.key });
  return view;
}
