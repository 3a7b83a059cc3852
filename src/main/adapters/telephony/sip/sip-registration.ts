import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { SipRequest, SipResponse } from 'sip';
import { answerChallenge, type Credentials } from './sip-digest.ts';
import type { Peer, SipTransport } from './sip-transport.ts';

// Keeps this endpoint registered with a registrar (RFC 3261 §10): a REGISTER binding our contact
// to sip:user@domain, answered with digest when challenged, refreshed before it expires, retried
// after a failure, and removed (Expires: 0) when the endpoint stops.

/** What we ask for, s; the registrar may grant less. */
const REQUESTED_EXPIRES_S = 300;
/** After a failure, the next try (ms). */
const RETRY_MS = 30_000;

export type RegistrationState = { state: 'registering' } | { state: 'registered'; expiresS: number } | { state: 'failed'; reason: string };

export interface RegistrationOptions {
  transport: SipTransport;
  registrar: Peer;
  /** The domain of the address of record (the registrar's host as the user wrote it). */
  domain: string;
  credentials: Credentials;
  /** Where calls for the address of record reach us. */
  contact: Peer;
  setTimer(fn: () => void, ms: number): () => void;
  logger: Logger;
  onState?(state: RegistrationState): void;
}

export interface Registration {
  state(): RegistrationState;
  /** Removes the binding (and stops refreshing). */
  close(): Promise<void>;
}

export function keepRegistered(options: RegistrationOptions): Registration {
  const { transport, registrar, domain, credentials, logger } = options;
  const callId = `${randomBytes(12).toString('hex')}@${transport.local.address}`;
  const fromTag = randomBytes(6).toString('hex');
  let sequence = 1;
  let digestContext: Record<string, unknown> | null = null;
  let current: RegistrationState = { state: 'registering' };
  let cancelTimer: (() => void) | null = null;
  let closed = false;

  const setState = (next: RegistrationState) => {
    current = next;
    options.onState?.(next);
  };

  function registerRequest(expiresS: number): SipRequest {
    const aor = `sip:${credentials.user}@${domain}`;
    return {
      method: 'REGISTER',
      uri: `sip:${domain}`,
      headers: {
        via: [],
        to: { uri: aor, params: {} },
        from: { uri: aor, params: { tag: fromTag } },
        'call-id': callId,
        cseq: { seq: sequence++, method: 'REGISTER' },
        contact: [{ uri: `sip:${credentials.user}@${options.contact.address}:${options.contact.port}`, params: {} }],
        expires: String(expiresS),
        'max-forwards': '70',
        'user-agent': 'Voice Assistant',
      },
    };
  }

  /** Sends a REGISTER, answers one challenge per nonce, and resolves with the final response. */
  function send(expiresS: number, challenged = 0): Promise<SipResponse> {
    const request = registerRequest(expiresS);
    if (digestContext) answerAgain(request);
    return new Promise((resolve) => {
      transport.request(request, registrar, (response) => {
        if (response.status < 200) return;
        const challenge = response.status === 401 || response.status === 407;
        // A second challenge for a fresh answer means the password is wrong: stop there.
        if (challenge && challenged < 2) {
          const retry = registerRequest(expiresS);
          try {
            digestContext = answerChallenge(null, retry, response, credentials);
          } catch (error) {
            resolve({ ...response, reason: `${response.reason} (${(error as Error).message})` });
            return;
          }
          sequence -= 1;
          resolve(send(expiresS, challenged + 1));
          return;
        }
        resolve(response);
      });
    });
  }

  /** A refresh signs with the nonce we have (the next nonce count), saving a round trip. */
  function answerAgain(request: SipRequest): void {
    try {
      answerChallenge(digestContext, request, null, credentials);
    } catch {
      digestContext = null;
    }
  }

  async function register(): Promise<void> {
    if (closed) return;
    const response = await send(REQUESTED_EXPIRES_S);
    if (closed) return;
    if (response.status >= 200 && response.status < 300) {
      const expiresS = grantedExpires(response) ?? REQUESTED_EXPIRES_S;
      setState({ state: 'registered', expiresS });
      logger.info({ code: 'sip_registered', registrar: `${registrar.address}:${registrar.port}`, expiresS }, `registered with ${domain} for ${expiresS} s`);
      // Refresh well before the binding lapses (RFC 3261 §10.2.4 leaves the margin to us).
      cancelTimer = options.setTimer(() => void register(), Math.max(5, expiresS * 0.8) * 1000);
      return;
    }
    const reason = `${response.status} ${response.reason}`.trim();
    setState({ state: 'failed', reason });
    digestContext = null;
    logger.warn({ code: 'sip_register_failed', registrar: `${registrar.address}:${registrar.port}`, status: response.status }, `registering with ${domain} failed: ${reason}; trying again in ${RETRY_MS / 1000} s`);
    cancelTimer = options.setTimer(() => void register(), RETRY_MS);
  }

  function grantedExpires(response: SipResponse): number | null {
    const ours = `${options.contact.address}:${options.contact.port}`;
    const contacts = Array.isArray(response.headers.contact) ? response.headers.contact : [];
    const binding = contacts.find((contact) => String(contact.uri).includes(ours));
    const value = Number(binding?.params.expires ?? response.headers.expires);
    return Number.isFinite(value) && value > 0 ? value : null;
  }

  setState({ state: 'registering' });
  void register();

  return {
    state: () => current,
    async close() {
      if (closed) return;
      closed = true;
      cancelTimer?.();
      if (current.state !== 'registered') return;
      await Promise.race([send(0), new Promise((resolve) => options.setTimer(() => resolve(null), 2000))]);
    },
  };
}
