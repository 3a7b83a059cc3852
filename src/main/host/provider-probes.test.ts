import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderStatus } from '../../shared/contract.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../adapters/testing/fake-openai-server.ts';
import type { AssistantHost } from './assistant-host.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';

// Status tells the truth about the OpenAI-compatible server: whether it answered a real request
// (GET /models, the models it lists) or why not, not merely that an address is configured.

let server: FakeOpenAiServer | undefined;
let host: AssistantHost | undefined;
let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  host?.close();
  await server?.close();
  temp?.remove();
});

const client = { clientId: 'window-1' };
const check = async () => {
  const result = await host!.dispatch('checkProviders', undefined, client);
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as ProviderStatus[]).find((provider) => provider.id === 'openai')!;
};

describe('provider status', () => {
  it('says a local server is reachable, with its models, and unreachable with the reason once it stops', async () => {
    server = await startFakeOpenAiServer({ models: ['llama3', 'qwen2.5'] });
    temp = makeTempDir('probes');
    writeFileSync(join(temp.path, 'settings.yaml'), `providers:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    host = createTestHost(temp.path);
    expect(await check()).toMatchObject({ configured: true, reachable: true, models: ['llama3', 'qwen2.5'], problem: null, checkedAt: expect.any(Number) });
    expect(server.requests.some((request) => request.path === '/v1/models')).toBe(true);

    await server.close();
    server = undefined;
    const down = await check();
    expect(down).toMatchObject({ configured: true, reachable: false, models: [] });
    expect(down.problem).toMatch(/127\.0\.0\.1|connect|reach/i);
  });

  it('checks nothing when no server is set up (the cloud without a key)', async () => {
    temp = makeTempDir('probes');
    host = createTestHost(temp.path);
    expect(await check()).toMatchObject({ configured: false });
    expect((await check()).reachable).toBeUndefined();
  });
});
