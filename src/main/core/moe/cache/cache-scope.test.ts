import { describe, expect, it } from 'vitest';
import type { CachePolicy } from '../agent.ts';
import { cacheScopeKey, scopeKeysReadableBy, type CacheScopeContext } from './cache-scope.ts';
import { expiryTime, isExpired, lastUsedAt, remainingTtlMs, shouldStore } from './cache-expiry.ts';

const context: CacheScopeContext = { sessionId: 'session-a', locale: 'en-US', timeZone: 'Europe/Paris' };
const global: CachePolicy = { cacheable: true, varyBy: [] };
const perLocale: CachePolicy = { cacheable: true, varyBy: ['locale'] };
const perSession: CachePolicy = { cacheable: true, varyBy: ['session'] };
const clock: CachePolicy = { cacheable: false, reason: 'clock answers depend on the time' };

describe('cacheScopeKey', () => {
  it('refuses when any contributing agent is not cacheable, and says why', () => {
    expect(cacheScopeKey([global, clock], context)).toEqual({
      cacheable: false,
      key: null,
      reason: 'clock answers depend on the time',
    });
    expect(cacheScopeKey([], context)).toMatchObject({ cacheable: false, key: null });
  });

  it('refuses a session-dependent answer when there is no session', () => {
    expect(cacheScopeKey([perSession], { ...context, sessionId: null })).toMatchObject({ cacheable: false });
  });

  it('keys by exactly the union of what the agents vary by', () => {
    expect(cacheScopeKey([global], context)).toEqual({ cacheable: true, key: 'v1', varyBy: [] });
    const combined = cacheScopeKey([perLocale, { cacheable: true, varyBy: ['timeZone', 'session'] }], context);
    expect(combined).toEqual({
      cacheable: true,
      key: 'v1;session=session-a;locale=en-us;timeZone=Europe%2FParis',
      varyBy: ['session', 'locale', 'timeZone'],
    });
    // Answers that vary by nothing are shared across sessions; session answers are not.
    expect(cacheScopeKey([global], { ...context, sessionId: 'b' }).key).toBe('v1');
    expect(cacheScopeKey([perSession], { ...context, sessionId: 'b' }).key).not.toBe(cacheScopeKey([perSession], context).key);
    expect(cacheScopeKey([perLocale], { ...context, locale: 'EN-us' }).key).toBe(cacheScopeKey([perLocale], context).key);
  });

  it('cannot be forged by values containing separators', () => {
    const tricky = cacheScopeKey([perSession], { ...context, sessionId: 'x;locale=en-us' }).key;
    const honest = cacheScopeKey([perSession, perLocale], { ...context, sessionId: 'x' }).key;
    expect(tricky).not.toBe(honest);
  });

  it('lists every scope a context may read, each matching the key a storing agent set would get', () => {
    const readable = scopeKeysReadableBy(context);
    expect(readable).toHaveLength(8);
    expect(readable[0]).toBe('v1');
    for (const policies of [[global], [perLocale], [perSession, perLocale], [{ cacheable: true, varyBy: ['timeZone'] } as CachePolicy]]) {
      expect(readable).toContain(cacheScopeKey(policies, context).key);
    }
    expect(readable).not.toContain(cacheScopeKey([perSession], { ...context, sessionId: 'other' }).key);
    expect(scopeKeysReadableBy({ ...context, sessionId: null })).toHaveLength(4);
  });
});

describe('cache expiry and quality', () => {
  it('stores only answers at or above the bar', () => {
    expect(shouldStore(0.8, 0.7)).toBe(true);
    expect(shouldStore(0.7, 0.7)).toBe(true);
    expect(shouldStore(0.69, 0.7)).toBe(false);
    expect(shouldStore(Number.NaN, 0)).toBe(false);
  });

  it('computes expiry from times passed in', () => {
    const entry = { createdAt: 1_000, expiresAt: expiryTime(1_000, 500), lastHitAt: null };
    expect(entry.expiresAt).toBe(1_500);
    expect(isExpired(entry, 1_499)).toBe(false);
    expect(isExpired(entry, 1_500)).toBe(true);
    expect(remainingTtlMs(entry, 1_200)).toBe(300);
    expect(remainingTtlMs(entry, 9_999)).toBe(0);
    expect(lastUsedAt(entry)).toBe(1_000);
    expect(lastUsedAt({ ...entry, lastHitAt: 1_300 })).toBe(1_300);
    expect(() => expiryTime(0, 0)).toThrow(/positive/);
  });
});
