import { ApiKeyTextSchema, type ApiKeyProvider, type ApiKeyStatus, type AssistantApi } from '../../../shared/contract.ts';

/** The part of the contract the API key form uses. */
export type ApiKeyClient = Pick<AssistantApi, 'getApiKeyStatus' | 'setApiKey' | 'clearApiKey'>;

export type ApiKeyView = {
  /** One sentence on whether a key is set and where it lives; never more of the key than its hint. */
  summary: string;
  /** Only a key saved here can be removed here; one from the environment is not ours to remove. */
  canRemove: boolean;
  /** Why keys cannot be saved on this machine; null when they can. */
  problem: string | null;
};

/** How each kept secret is named in the form. */
export const KEY_TEXTS: Record<ApiKeyProvider, { legend: string; label: string; inputName: string; placeholder: string; environment: string; home: string; none: string }> = {
  openai: {
    legend: 'API key',
    label: 'OpenAI API key',
    inputName: 'openai-api-key',
    placeholder: 'sk-…',
    environment: 'OPENAI_API_KEY',
    home: 'https://api.openai.com',
    none: 'No key set. Save one here, or use a local OpenAI-compatible server as base URL.',
  },
  twilio: {
    legend: 'Twilio auth token',
    label: 'Twilio auth token',
    inputName: 'twilio-auth-token',
    placeholder: '32 hex digits, from the Twilio console',
    environment: 'TWILIO_AUTH_TOKEN',
    home: 'https://api.twilio.com',
    none: "No auth token set: Twilio's webhooks cannot be checked, so calls are refused.",
  },
  sip: {
    legend: 'SIP password',
    label: 'SIP password',
    inputName: 'sip-password',
    placeholder: 'the SIP user’s password',
    environment: 'SIP_PASSWORD',
    home: 'https://sip.invalid',
    none: 'No password set: the endpoint registers nowhere and answers callers from the allowed addresses without a challenge.',
  },
};

export function describeApiKey(status: ApiKeyStatus | null): ApiKeyView {
  if (!status) return { summary: 'Checking for a saved key…', canRemove: false, problem: null };
  const where = status.storage === 'os-keychain' ? 'encrypted by the system keychain' : 'in a file only you can read';
  // The provider's own service is named only when the key is for somewhere else.
  const texts = KEY_TEXTS[status.provider];
  const forOrigin = status.origin && status.origin !== texts.home ? ` for ${status.origin}` : '';
  const summary =
    status.source === 'stored'
      ? `Key saved${forOrigin} (${status.hint ?? 'hidden'}), ${where}.`
      : status.source === 'environment'
        ? `No key saved here; using ${texts.environment} from the environment (${status.hint ?? 'hidden'}). A key saved here takes its place.`
        : status.savedFor.length > 0
          ? `No key for ${status.origin ?? 'this base URL'}. The key saved for ${status.savedFor.join(', ')} is not sent to another address: save a key here to use one with it.`
          : texts.none;
  return { summary, canRemove: status.source === 'stored', problem: status.storageProblem };
}

/** The host's own rule, checked before sending so a stray space is caught where it was typed. */
export function checkApiKeyInput(text: string): string | null {
  const checked = ApiKeyTextSchema.safeParse(text);
  return checked.success ? null : (checked.error.issues[0]?.message ?? 'not a valid API key');
}
