import { randomBytes } from 'node:crypto';
import type { SipRequest, SipResponse } from 'sip';
import * as digest from 'sip/digest.js';

// Digest authentication (RFC 3261 §22, RFC 2617 MD5) through the `sip` package's digest module:
// the challenges we give callers when a password is set, and the answers we give a registrar.

/** A challenge stays answerable this long (ms). */
const NONCE_LIFETIME_MS = 5 * 60_000;
/** Challenges kept at once; a flood of unanswered ones pushes out the oldest. */
const MAX_OUTSTANDING = 1000;

export interface Credentials {
  user: string;
  password: string;
}

export interface DigestChallenges {
  /** Adds a fresh challenge to a 401 response; `stale`: the answer was right in form but its nonce is spent or unknown (RFC 2617 §3.2.1). */
  challenge(response: SipResponse, options?: { stale?: boolean }): SipResponse;
  /** ok: a valid answer to one of our challenges; none: no answer; stale: an answer to a nonce we no longer hold; wrong: a wrong answer. */
  verify(request: SipRequest): 'ok' | 'none' | 'stale' | 'wrong';
}

export function createDigestChallenges(options: { realm: string; credentials: Credentials; now(): number }): DigestChallenges {
  const outstanding = new Map<string, { context: digest.ServerDigestContext; issuedAt: number }>();
  const unquote = (value: string | undefined) => (value ?? '').replace(/^"|"$/g, '');
  return {
    challenge(response, { stale = false } = {}) {
      // The package takes the nonce from `cnonce` when one is given (it would otherwise use Math.random).
      const context: digest.ServerDigestContext = { realm: options.realm, cnonce: randomBytes(16).toString('hex'), qop: 'auth' };
      const challenged = digest.challenge(context, response);
      if (stale) for (const header of challenged.headers['www-authenticate'] ?? []) header.stale = 'true';
      outstanding.set(String(context.nonce), { context, issuedAt: options.now() });
      while (outstanding.size > MAX_OUTSTANDING) outstanding.delete(outstanding.keys().next().value!);
      return challenged;
    },
    verify(request) {
      const answers = request.headers.authorization ?? [];
      if (answers.length === 0) return 'none';
      for (const answer of answers) {
        const nonce = unquote(answer.nonce);
        const entry = outstanding.get(nonce);
        if (!entry) continue;
        if (options.now() - entry.issuedAt > NONCE_LIFETIME_MS) {
          outstanding.delete(nonce);
          continue;
        }
        // Each challenge answers one request: a replayed Authorization finds its nonce gone, and a
        // wrong answer spends it too (the caller is challenged afresh).
        outstanding.delete(nonce);
        // Without qop there is no nonce count or client nonce in the answer (RFC 2069): not taken.
        if (unquote(answer.qop).toLowerCase() !== 'auth' || unquote(answer.username) !== options.credentials.user) return 'wrong';
        try {
          return digest.authenticateRequest(entry.context, request, options.credentials) ? 'ok' : 'wrong';
        } catch {
          return 'wrong';
        }
      }
      return 'stale';
    },
  };
}

/** Signs `request` with the answer to the challenge in `response` (null: the one in `context` again, next nonce count). */
export function answerChallenge(context: Record<string, unknown> | null, request: SipRequest, response: SipResponse | null, credentials: Credentials): Record<string, unknown> {
  const signing = context ?? {};
  digest.signRequest(signing, request, response, credentials);
  return signing;
}
