import type { CachePolicy, CacheVary } from '../agent.ts';

// The scope key of a cached answer names exactly what the answer depends on besides the query, so
// an answer is only ever served to a context that agrees on all of it: a session-scoped answer is
// never served to another session, a locale-scoped one never to another locale.

export interface CacheScopeContext {
  sessionId: string | null;
  locale: string;
  timeZone: string;
}

export type CacheScope =
  | { cacheable: true; key: string; varyBy: CacheVary[] }
  | { cacheable: false; key: null; reason: string };

/** Canonical order of the parts of a key. */
const VARY_ORDER: readonly CacheVary[] = ['session', 'locale', 'timeZone'];
const KEY_VERSION = 'v1';

/** The scope an answer made by these agents may be stored under, or why it must not be stored. */
export function cacheScopeKey(agentPolicies: readonly CachePolicy[], context: CacheScopeContext): CacheScope {
  if (agentPolicies.length === 0) return { cacheable: false, key: null, reason: 'no agent contributed to the answer' };
  const varies = new Set<CacheVary>();
  for (const policy of agentPolicies) {
    if (!policy.cacheable) return { cacheable: false, key: null, reason: policy.reason };
    for (const vary of policy.varyBy) varies.add(vary);
  }
  const varyBy = VARY_ORDER.filter((vary) => varies.has(vary));
  if (varies.has('session') && context.sessionId === null) {
    return { cacheable: false, key: null, reason: 'the answer depends on the session and there is none' };
  }
  return { cacheable: true, key: scopeKeyFor(varyBy, context), varyBy };
}

/**
 * Every scope key whose answers this context may be served, broadest first: the cache can be
 * checked before routing knows which agents would answer.
 */
export function scopeKeysReadableBy(context: CacheScopeContext): string[] {
  const subsets: CacheVary[][] = [[]];
  for (const vary of VARY_ORDER) {
    if (vary === 'session' && context.sessionId === null) continue;
    for (const subset of [...subsets]) subsets.push([...subset, vary]);
  }
  return subsets
    .sort((a, b) => a.length - b.length)
    .map((subset) => scopeKeyFor(VARY_ORDER.filter((vary) => subset.includes(vary)), context));
}

function scopeKeyFor(varyBy: readonly CacheVary[], context: CacheScopeContext): string {
  // encodeURIComponent escapes ';' and '=', so values cannot forge another key's parts.
  const parts = varyBy.map((vary) => `${vary}=${encodeURIComponent(valueOf(vary, context))}`);
  return [KEY_VERSION, ...parts].join(';');
}

function valueOf(vary: CacheVary, context: CacheScopeContext): string {
  switch (vary) {
    case 'session':
      return context.sessionId ?? '';
    case 'locale':
      // Language tags compare case-insensitively (BCP 47).
      return context.locale.trim().toLowerCase();
    case 'timeZone':
      return context.timeZone.trim();
  }
}
