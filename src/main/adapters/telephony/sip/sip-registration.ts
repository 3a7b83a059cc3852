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
  let requestedExpiresS = REQUESTED_EXPIRES_S;

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

  /**
   * Sends a REGISTER, signed for `challenge` when given (else with the nonce held, the next nonce
   * count), and resolves with the final response. A challenge is answered once; again only when
   * the registrar says the nonce went stale (otherwise a refused answer means a wrong password, and
   * trying more would only count against us).
   */
  function send(expiresS: number, challenge: SipResponse | null = null, answered = 0): Promise<SipResponse> {
    const request = registerRequest(expiresS);
    try {
      if (challenge) digestContext = answerChallenge(null, request, challenge, credentials);
      else if (digestContext) answerChallenge(digestContext, request, null, credentials);
    } catch (error) {
      digestContext = null;
      if (challenge) return Promise.resolve({ ...challenge, reason: `${challenge.reason} (${(error as Error).message})` });
    }
    return new Promise((resolve) => {
      transport.request(request, registrar, (response) => {
        if (response.status < 200) return;
        const challenged = response.status === 401 || response.status === 407;
        const stale = /^"?true"?$/i.test(String(challengeOf(response)?.stale ?? ''));
        if (challenged && (answered === 0 || (stale && answered < 2))) return resolve(send(expiresS, response, answered + 1));
        resolve(response);
      });
    });
  }

  const challengeOf = (response: SipResponse) => (response.status === 407 ? response.headers['proxy-authenticate'] : response.headers['www-authenticate'])?.[0];

  async function register(): Promise<void> {
    if (closed) return;
    let response = await send(requestedExpiresS);
    // 423 Interval Too Brief: the registrar's minimum (RFC 3261 §10.3 step 7), once.
    const minimum = Number(response.headers['min-expires']);
    if (response.status === 423 && Number.isFinite(minimum) && minimum > requestedExpiresS && minimum <= 86_400) {
      requestedExpiresS = minimum;
      response = await send(requestedExpiresS);
    }
    if (closed) return;
    if (response.status >= 200 && response.status < 300) {
      const expiresS = grantedExpires(response) ?? requestedExpiresS;
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
    // A registrar behind NAT handling may have rewritten our contact: a lone binding is ours.
    const binding = contacts.find((contact) => String(contact.uri).includes(ours)) ?? (contacts.length === 1 ? contacts[0] : undefined);
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
