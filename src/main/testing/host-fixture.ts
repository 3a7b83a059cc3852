import { afterEach } from 'vitest';
import type { FakeOpenAiServer } from '../adapters/testing/fake-openai-server.ts';
import type { AssistantHost } from '../host/assistant-host.ts';
import type { makeTempDir } from './temp-dir.ts';

/** What a host test starts (a fake provider, a host, a data folder), each closed after every test. */
export interface HostFixture {
  server?: FakeOpenAiServer | undefined;
  host?: AssistantHost | undefined;
  temp?: ReturnType<typeof makeTempDir> | undefined;
}

export function useHostFixture(): HostFixture {
  const fixture: HostFixture = {};
  afterEach(async () => {
    fixture.host?.close();
    await fixture.server?.close();
    fixture.temp?.remove();
    fixture.host = undefined;
    fixture.server = undefined;
    fixture.temp = undefined;
  });
  return fixture;
}
