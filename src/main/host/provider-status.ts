import type { ApiKeyStatus, ProviderStatus } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import type { SecretStore } from '../ports/secret-store.ts';
import { keyHint, type KeyInUse } from './api-keys.ts';
import { isOpenAiCloud } from './openai-endpoint.ts';

/** What each provider needs and whether it has it, in words a user can act on. Never a key, only its hint. */
export function describeProviders(
  settings: Settings,
  keyStatus: Pick<ApiKeyStatus, 'origin' | 'savedFor'>,
  key: KeyInUse | null,
  storePath: string,
  secrets: Pick<SecretStore, 'kind' | 'path' | 'unavailableReason'>,
): ProviderStatus[] {
  const { baseURL } = settings.providers.openai;
  const isCloud = isOpenAiCloud(baseURL);
  const keyDetail = key ? `key set (${keyHint(key.key)}${key.source === 'environment' ? ', from OPENAI_API_KEY' : ''})` : null;
  const openai: ProviderStatus = {
    id: 'openai',
    kind: 'llm',
    configured: key !== null || !isCloud,
    detail: keyDetail
      ? `${keyDetail}; ${baseURL}`
      : isCloud
        ? `needs an API key (save one in Settings or set OPENAI_API_KEY) or a local OpenAI-compatible server as base URL${withheld(keyStatus)}`
        : `local server at ${baseURL}, no key sent${withheld(keyStatus)}`,
  };
  const problem = secrets.unavailableReason();
  const keyStore: ProviderStatus = {
    id: 'secrets',
    kind: 'store',
    configured: problem === null,
    detail:
      problem ??
      (secrets.kind === 'os-keychain'
        ? `keys encrypted by the OS keychain, in ${secrets.path}`
        : `keys in ${secrets.path}, readable only by you (not encrypted)`),
  };
  return [openai, { id: 'sqlite', kind: 'store', configured: true, detail: storePath }, keyStore];
}

/** Why a saved key is not sent: it belongs to another address. */
function withheld({ origin, savedFor }: Pick<ApiKeyStatus, 'origin' | 'savedFor'>): string {
  if (savedFor.length === 0) return '';
  return ` (the saved key is for ${savedFor.join(', ')} and is not sent to ${origin ?? 'this address'}; save a key for it in Settings to send one)`;
}
