// The system's time zone, for the turns that need "here": asking Intl builds a formatter (about a
// tenth of a millisecond), so the answer is kept for a minute; a zone changed meanwhile (a laptop
// that travelled) is seen within that minute.

const KEEP_MS = 60_000;
let known: { zone: string; at: number } | null = null;

export function systemTimeZone(now: number): string {
  if (known === null || now - known.at >= KEEP_MS || now < known.at) {
    known = { zone: Intl.DateTimeFormat().resolvedOptions().timeZone, at: now };
  }
  return known.zone;
}
