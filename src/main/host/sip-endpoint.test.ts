import { createSocket } from 'node:dgram';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsSchema, type Settings } from '../../shared/settings.ts';
import { freeUdpPort } from '../adapters/telephony/sip/testing/peer-processes.ts';
import type { PhoneCalls } from './phone-calls.ts';
import { createRefusalLog } from '../adapters/logging/refusal-log.ts';
import { createSipEndpoint, type SipEndpoint } from './sip-endpoint.ts';
import { waitUntil } from '../testing/wait-until.ts';

// The SIP endpoint following Settings › Phone › SIP: what Status says when it cannot listen, and
// that it moves when the port changes.

let endpoint: SipEndpoint | undefined;
const closers: (() => void)[] = [];
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
  for (const close of closers.splice(0)) close();
});

const noCalls = { startSipCall: () => Promise.reject(new Error('no calls in this test')) } as unknown as PhoneCalls;

function start(sip: Partial<Settings['phone']['sip']>, password: string | null = null) {
  // Not through the schema: the endpoint must refuse what a hand-edited file could hold.
  let settings = { ...SettingsSchema.parse({ phone: { sip: { enabled: true } } }).phone.sip, ...sip };
  const changes: string[] = [];
  const setTimer = (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  };
  endpoint = createSipEndpoint({
    settings: () => settings,
    password: () => password,
    phone: noCalls,
    now: () => Date.now(),
    setTimer,
    logger: pino({ level: 'silent' }),
    refusals: createRefusalLog(pino({ level: 'silent' }), { setTimer }),
    onChange: () => changes.push(endpoint!.status().detail),
  });
  endpoint.follow();
  return { endpoint, changes, change: (next: Partial<Settings['phone']['sip']>) => ((settings = { ...settings, ...next }), endpoint!.follow()) };
}

const settled = (changes: string[], count = 1) => waitUntil(() => changes.length >= count, `${count} changes in Status`, 5000, 10);

describe('the SIP endpoint in Status', () => {
  it('says the port is taken by another program', async () => {
    const squatter = createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.1', () => resolve()));
    closers.push(() => squatter.close());
    const { changes } = start({ port: squatter.address().port });
    await settled(changes);
    expect(endpoint!.status()).toMatchObject({ id: 'sip', kind: 'phone', configured: false, detail: `on, but not listening: port ${squatter.address().port} on 127.0.0.1 is taken by another program` });
  });

  it('says an allowed-caller entry is not an address, and that registering needs the password', async () => {
    const first = start({ port: await freeUdpPort(), allowedCallers: '999.1.1.1' });
    await settled(first.changes);
    expect(endpoint!.status().detail).toMatch(/^on, but not listening: .*999\.1\.1\.1/);
    await endpoint!.close();
    // A network without its prefix length would otherwise be /0: everyone (Settings refuse it; so does the endpoint).
    expect(SettingsSchema.safeParse({ phone: { sip: { allowedCallers: '192.168.1.0/' } } }).success).toBe(false);
    const slash = start({ port: await freeUdpPort(), allowedCallers: '127.0.0.1, 192.168.1.0/' });
    await settled(slash.changes);
    expect(endpoint!.status().detail).toMatch(/^on, but not listening: "192\.168\.1\.0\/" in the allowed callers is not an IP address or network/);
    await endpoint!.close();
    const second = start({ port: await freeUdpPort(), registrar: '127.0.0.1:5999', user: 'assistant' });
    await settled(second.changes);
    expect(endpoint!.status().detail).toBe('on, but not listening: registering needs the SIP user and its password (Settings › Phone › SIP)');
  });

  it('listens where Settings say, and moves when the port changes', async () => {
    const { changes, change } = start({ port: await freeUdpPort() });
    await settled(changes);
    const first = endpoint!.address()!.port;
    expect(endpoint!.status().detail).toBe(`SIP (UDP) on 127.0.0.1:${first}; 0 calls now`);
    const next = await freeUdpPort();
    change({ port: next });
    await settled(changes, 2);
    expect(endpoint!.address()!.port).toBe(next);
    change({ enabled: false });
    await settled(changes, 3);
    expect(endpoint!.address()).toBeNull();
    expect(endpoint!.status().detail).toBe('off (Settings › Phone)');
  });
});
