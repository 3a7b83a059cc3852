import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProviderStatus } from '../../shared/contract.ts';
import { startFakeOpenAiServer } from '../adapters/testing/fake-openai-server.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { useHostFixture } from '../testing/host-fixture.ts';
import { createTestHost } from '../testing/test-host.ts';

// Status tells the truth about the OpenAI-compatible server: whether it answered a real request
// (GET /models, the models it lists) or why not, not merely that an address is configured.

const fx = useHostFixture();

const client = { clientId: 'window-1' };
const check = async () => {
  const result = await fx.host!.dispatch('checkProviders', undefined, client);
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as ProviderStatus[]).find((provider) => provider.id === 'openai')!;
};

describe('provider status', () => {
  it('says a local server is reachable, with its models, and unreachable with the reason once it stops', async () => {
    fx.server = await startFakeOpenAiServer({ models: ['llama3', 'qwen2.5'] });
    fx.temp = makeTempDir('probes');
    writeFileSync(join(fx.temp!.path, 'settings.yaml'), `providers:\n  openai:\n    baseURL: ${fx.server!.baseURL}\n`);
    fx.host = createTestHost(fx.temp!.path);
    expect(await check()).toMatchObject({ configured: true, reachable: true, models: ['llama3', 'qwen2.5'], problem: null, checkedAt: expect.any(Number) });
    expect(fx.server!.requests.some((request) => request.path === '/v1/models')).toBe(true);

    await fx.server!.close();
    fx.server = undefined;
    const down = await check();
    expect(down).toMatchObject({ configured: true, reachable: false, models: [] });
    expect(down.problem).toMatch(/127\.0\.0\.1|connect|reach/i);
  });

  it('checks nothing when no server is set up (the cloud without a key)', async () => {
    fx.temp = makeTempDir('probes');
    fx.host = createTestHost(fx.temp!.path);
    expect(await check()).toMatchObject({ configured: false });
    expect((await check()).reachable).toBeUndefined();
  });
});
