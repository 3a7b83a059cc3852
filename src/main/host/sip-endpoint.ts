import { lookup } from 'node:dns/promises';
import { BlockList, isIP, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Logger } from 'pino';
import type { RefusalLog } from '../adapters/logging/refusal-log.ts';
import type { ProviderStatus } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import { startSipUserAgent, type SipUserAgent } from '../adapters/telephony/sip/sip-user-agent.ts';
import type { RegistrationState } from '../adapters/telephony/sip/sip-registration.ts';
import type { PhoneCalls } from './phone-calls.ts';

// The SIP endpoint as Settings › Phone › SIP says: started, restarted with the new address, user or
// password, or stopped when they change (calls going on end with a BYE). Its state is said in
// Status: where it listens, whether it is registered, how many calls it has.

/** The user calls are for when Settings name none: `sip:assistant@<address>`. */
export const DEFAULT_SIP_USER = 'assistant';
/** Calls at once; more get 486 Busy Here. */
const MAX_SIP_CALLS = 50;

type SipSettings = Settings['phone']['sip'];

export interface SipEndpoint {
  /** Settings or the password changed: follow them. */
  follow(): void;
  status(): ProviderStatus;
  /** Where it listens now (tests, the CLI); null when it does not. */
  address(): { address: string; port: number } | null;
  close(): Promise<void>;
}

export interface SipEndpointOptions {
  settings(): SipSettings;
  password(): string | null;
  phone: PhoneCalls;
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
  logger: Logger;
  refusals: RefusalLog;
  /** Something Status shows changed (registered, failed, stopped). */
  onChange(): void;
  /** See SipUserAgentOptions.silentLineMs. */
  silentLineMs?: number;
  onFrameLateness?(lateMs: number): void;
}

export function createSipEndpoint(options: SipEndpointOptions): SipEndpoint {
  const { logger } = options;
  let agent: SipUserAgent | null = null;
  let runningWith: string | null = null;
  let problem: string | null = null;
  let registration: RegistrationState | null = null;
  let following: Promise<void> = Promise.resolve();
  let closed = false;

  const wanted = (): string | null => {
    const sip = options.settings();
    return sip.enabled ? JSON.stringify({ ...sip, password: options.password() }) : null;
  };

  async function stop(): Promise<void> {
    const current = agent;
    agent = null;
    runningWith = null;
    registration = null;
    if (current) await current.close();
  }

  async function follow(): Promise<void> {
    const next = closed ? null : wanted();
    if (next === runningWith) return;
    await stop();
    problem = null;
    if (next === null) return options.onChange();
    const sip = options.settings();
    const password = options.password();
    try {
      const registrar = sip.registrar ? await resolveRegistrar(sip.registrar) : null;
      const credentials = sip.user && password ? { user: sip.user, password } : null;
      if (registrar && !credentials) throw new Error('registering needs the SIP user and its password (Settings › Phone › SIP)');
      const allowed = allowList(sip.allowedCallers);
      agent = await startSipUserAgent({
        bindAddress: sip.bindAddress,
        port: sip.port,
        advertisedAddress: sip.advertisedAddress || addressForAll(sip.bindAddress),
        user: sip.user || DEFAULT_SIP_USER,
        isAllowedCaller: (address) => allowed.check(address, isIPv6(address) ? 'ipv6' : 'ipv4'),
        credentials,
        registrar,
        ringMs: sip.ringSeconds * 1000,
        maxCalls: MAX_SIP_CALLS,
        now: options.now,
        setTimer: options.setTimer,
        logger,
        refusals: options.refusals,
        ...(options.silentLineMs !== undefined ? { silentLineMs: options.silentLineMs } : {}),
        ...(options.onFrameLateness ? { onFrameLateness: options.onFrameLateness } : {}),
        answer: (call) => options.phone.startSipCall({ callId: call.callId, caller: call.caller }, call.media),
        onRegistration: (state) => {
          registration = state;
          options.onChange();
        },
      });
      runningWith = next;
      logger.info({ code: 'sip_listening', address: agent.local.address, port: agent.local.port }, `SIP endpoint listening on ${sip.bindAddress}:${agent.local.port} (UDP)`);
    } catch (error) {
      problem = describeStartError(error as NodeJS.ErrnoException, sip);
      logger.error({ code: 'sip_start_failed', err: error }, `the SIP endpoint could not start: ${problem}`);
    }
    options.onChange();
  }

  return {
    follow() {
      following = following.then(follow, follow);
    },
    status(): ProviderStatus {
      const sip = options.settings();
      const calls = agent?.activeCalls() ?? 0;
      const registered =
        registration === null ? '' : registration.state === 'registered' ? `, registered with ${sip.registrar}` : registration.state === 'failed' ? `, not registered with ${sip.registrar} (${registration.reason})` : `, registering with ${sip.registrar}`;
      return {
        id: 'sip',
        kind: 'phone',
        configured: agent !== null,
        detail: !sip.enabled
          ? 'off (Settings › Phone)'
          : problem
            ? `on, but not listening: ${problem}`
            : agent
              ? `SIP (UDP) on ${sip.bindAddress}:${agent.local.port}${registered}; ${calls} calls now`
              : 'starting…',
      };
    },
    address: () => (agent ? { ...agent.local } : null),
    async close() {
      closed = true;
      await following;
      await stop();
    },
  };
}

/**
 * Bound to every address (0.0.0.0, ::), the endpoint must still tell callers one to send audio to
 * (0.0.0.0 in SDP means hold): this machine's first external address of that family.
 */
function addressForAll(bindAddress: string): string | null {
  if (bindAddress !== '0.0.0.0' && bindAddress !== '::') return null;
  const family = bindAddress === '::' ? 'IPv6' : 'IPv4';
  // A link-local IPv6 address (fe80::) is no use to a caller elsewhere.
  const external = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && !entry.internal && entry.family === family && !entry.address.toLowerCase().startsWith('fe80:'));
  return external?.address ?? (family === 'IPv4' ? '127.0.0.1' : '::1');
}

/** host[:port] -> the registrar's address (resolved once per start) and the domain of our address of record. */
async function resolveRegistrar(text: string): Promise<{ address: string; port: number; domain: string }> {
  const [host, port] = text.split(':') as [string, string | undefined];
  try {
    const { address } = await lookup(host);
    return { address, port: port ? Number(port) : 5060, domain: host };
  } catch (error) {
    throw new Error(`the registrar ${host} could not be found (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** "127.0.0.1, 192.168.1.0/24, ::1" as a BlockList (used as an allow list). */
export function allowList(text: string): BlockList {
  const list = new BlockList();
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const version = isIP(address);
    const bits = Number(prefix);
    if (version === 0 || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && bits <= (version === 6 ? 128 : 32)))) {
      throw new Error(`"${entry.slice(0, 64)}" in the allowed callers is not an IP address or network (Settings › Phone › SIP)`);
    }
    const type = version === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

function describeStartError(error: NodeJS.ErrnoException, sip: SipSettings): string {
  if (error.code === 'EADDRINUSE') return `port ${sip.port} on ${sip.bindAddress} is taken by another program`;
  if (error.code === 'EACCES') return `port ${sip.port} needs privileges this app does not have (choose one above 1023)`;
  if (error.code === 'EADDRNOTAVAIL') return `${sip.bindAddress} is not an address of this machine`;
  return error.message;
}
