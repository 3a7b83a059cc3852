// YAML a user's file might hold that must not stop or stall the app; shared by the config tests.

/** "Billion laughs": each anchor a list of nine aliases of the one before, 9^9 strings in 1.1 KB. */
export function aliasBomb(): string {
  const lines = ['lol0: &lol0 "lol lol lol lol lol lol lol lol lol lol lol lol lol lol lol lol lol lol lol lol"'];
  for (let level = 1; level <= 9; level++) {
    lines.push(`lol${level}: &lol${level} [${Array(9).fill(`*lol${level - 1}`).join(', ')}]`);
  }
  return `ui:\n  theme: dark\n${lines.join('\n')}\n`;
}

/** A valid mapping nested `depth` levels below `ui.extra`. */
export function deeplyNested(depth: number): string {
  return (
    'ui:\n  theme: dark\n  extra:\n' +
    Array.from({ length: depth }, (_, i) => `${'  '.repeat(i + 2)}level${i}:`).join('\n') +
    ' end\n'
  );
}
