/**
 * Polls `condition` every `everyMs` until it holds; throws "gave up waiting for <what>" after
 * `timeoutMs`. Real time: for tests and benches that drive real sockets and processes.
 */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
