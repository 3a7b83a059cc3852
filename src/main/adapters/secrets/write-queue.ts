/**
 * Runs changes one after another in the order asked, so a `delete` requested while a `set` is
 * still encrypting applies after it. A failed change rejects its own promise only.
 */
export function createWriteQueue(): (change: () => void | Promise<void>) => Promise<void> {
  let tail: Promise<unknown> = Promise.resolve();
  return (change) => {
    const run = tail.then(change);
    tail = run.catch(() => {});
    return run;
  };
}
