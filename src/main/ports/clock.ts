/** Wall-clock time in milliseconds since the Unix epoch. Injected so the core never reads the clock itself. */
export interface Clock {
  now(): number;
}
