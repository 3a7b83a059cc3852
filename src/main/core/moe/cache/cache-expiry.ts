import { AppError } from '../../errors.ts';

// Times are milliseconds since the epoch, always passed in (the core reads no clock).

/** Only answers whose quality reaches the configured bar are stored. NaN never does. */
export function shouldStore(quality: number, bar: number): boolean {
  return Number.isFinite(quality) && quality >= bar;
}

export function assertValidTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new AppError('bad_request', `Cache TTL must be a positive whole number of milliseconds, got ${ttlMs}`);
  }
}

export function expiryTime(createdAt: number, ttlMs: number): number {
  assertValidTtl(ttlMs);
  return createdAt + ttlMs;
}

/** An entry is served strictly before its expiry time and never at or after it. */
export function isExpired(entry: { expiresAt: number }, now: number): boolean {
  return now >= entry.expiresAt;
}

export function remainingTtlMs(entry: { expiresAt: number }, now: number): number {
  return Math.max(0, entry.expiresAt - now);
}

/** When an entry was last useful: its last hit, or its creation if never hit. Eviction drops the oldest. */
export function lastUsedAt(entry: { createdAt: number; lastHitAt: number | null }): number {
  return entry.lastHitAt ?? entry.createdAt;
}
