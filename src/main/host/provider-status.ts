import type { ProviderStatus } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';

const OPENAI_CLOUD_HOST = 'api.openai.com';

/** What each provider needs and whether it has it, in words a user can act on. */
export function describeProviders(settings: Settings, env: { OPENAI_API_KEY?: string | undefined }, storePath: string): ProviderStatus[] {
  const { baseURL } = settings.providers.openai;
  const isCloud = new URL(baseURL).hostname === OPENAI_CLOUD_HOST;
  const hasKey = Boolean(env.OPENAI_API_KEY?.trim());
  const openai: ProviderStatus = {
    id: 'openai',
    kind: 'llm',
    configured: hasKey || !isCloud,
    detail: hasKey
      ? `key set; ${baseURL}`
      : isCloud
        ? 'needs an API key (OPENAI_API_KEY) or a local OpenAI-compatible server as base URL'
        : `local server at ${baseURL}, no key needed`,
  };
  return [openai, { id: 'sqlite', kind: 'store', configured: true, detail: storePath }];
}
