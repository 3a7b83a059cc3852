/** A single-consumer queue: values pushed in one order are taken in the same order, waiting when empty. */
export class CompletionChannel<T> {
  private readonly buffer: T[] = [];
  private head = 0;
  private waiting: ((value: T) => void) | null = null;

  push(value: T): void {
    const resolve = this.waiting;
    if (resolve) {
      this.waiting = null;
      resolve(value);
    } else {
      this.buffer.push(value);
    }
  }

  take(): Promise<T> {
    if (this.head < this.buffer.length) {
      const value = this.buffer[this.head]!;
      this.head += 1;
      return Promise.resolve(value);
    }
    return new Promise<T>((resolve) => {
      this.waiting = resolve;
    });
  }
}
