import { describe, expect, it } from 'vitest';
import type { ApiKeyStatus } from '../../../shared/contract.ts';
import { createFakeClient } from '../../testing/fake-client.ts';
import { checkApiKeyInput, describeApiKey, type ApiKeyClient } from './api-key-fields.ts';

const status = (overrides: Partial<ApiKeyStatus> = {}): ApiKeyStatus => ({
  provider: 'openai',
  set: false,
  hint: null,
  source: null,
  storage: 'file',
  storageProblem: null,
  origin: 'https://api.openai.com',
  savedFor: [],
  ...overrides,
});

describe('API key form', () => {
  it('says where a saved key lives and shows only its hint', () => {
    expect(describeApiKey(status({ set: true, hint: 'sk-…abcd', source: 'stored', storage: 'os-keychain' }))).toEqual({
      summary: 'Key saved (sk-…abcd), encrypted by the system keychain.',
      canRemove: true,
      problem: null,
    });
    expect(describeApiKey(status({ set: true, hint: 'sk-…abcd', source: 'stored' })).summary).toBe('Key saved (sk-…abcd), in a file only you can read.');
  });

  it('offers no removal of a key that comes from the environment', () => {
    const view = describeApiKey(status({ set: true, hint: '…wxyz', source: 'environment' }));
    expect(view.canRemove).toBe(false);
    expect(view.summary).toMatch(/OPENAI_API_KEY from the environment \(…wxyz\)/);
  });

  it('says a key saved for another address is not sent to this one', () => {
    const view = describeApiKey(status({ origin: 'http://127.0.0.1:9999', savedFor: ['https://api.openai.com'] }));
    expect(view.summary).toBe(
      'No key for http://127.0.0.1:9999. The key saved for https://api.openai.com is not sent to another address: save a key here to use one with it.',
    );
    expect(view.canRemove).toBe(false);
    expect(describeApiKey(status({ set: true, hint: 'sk-…abcd', source: 'stored', origin: 'http://127.0.0.1:9999' })).summary).toBe(
      'Key saved for http://127.0.0.1:9999 (sk-…abcd), in a file only you can read.',
    );
  });

  it('passes on why keys cannot be saved on this machine', () => {
    const view = describeApiKey(status({ storage: 'os-keychain', storageProblem: 'No OS keyring was found.' }));
    expect(view).toMatchObject({ canRemove: false, problem: 'No OS keyring was found.' });
    expect(view.summary).toMatch(/^No key set/);
    expect(describeApiKey(null).summary).toMatch(/Checking/);
  });

  it('checks typed keys by the host rule', () => {
    expect(checkApiKeyInput('  sk-proj-abc123  ')).toBeNull();
    expect(checkApiKeyInput('sk-proj abc')).toMatch(/no spaces/);
    expect(checkApiKeyInput('   ')).toMatch(/empty/);
    expect(checkApiKeyInput('k'.repeat(513))).toMatch(/512/);
  });

  it('gets back from the host only whether a key is set and its hint', async () => {
    const fake = createFakeClient();
    const client: ApiKeyClient = fake.client;
    const saved = await client.setApiKey({ provider: 'openai', key: 'sk-proj-0123456789abcd' });
    expect(saved).toEqual({ ok: true, value: status({ set: true, hint: '…abcd', source: 'stored' }) });
    expect(JSON.stringify(saved)).not.toContain('0123456789');
    expect(await client.clearApiKey({ provider: 'openai' })).toEqual({ ok: true, value: status() });
  });
});
