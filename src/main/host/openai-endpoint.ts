const OPENAI_CLOUD_HOST = 'api.openai.com';

/** The OpenAI cloud needs a key; any other base URL is a local or self-hosted compatible server that may not. */
export const isOpenAiCloud = (baseURL: string): boolean => new URL(baseURL).hostname === OPENAI_CLOUD_HOST;
