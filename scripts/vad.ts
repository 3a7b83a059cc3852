// The speech segments the main-side Silero VAD finds in a WAV file (any rate, mono or stereo).
//
//   npm run vad -- <file.wav> [--model v5|v6]
//
// Prints { file, sampleRate, durationMs, segments: [{ startMs, endMs }] } as JSON. A missing,
// garbage or truncated file prints one line to stderr and exits 1.
import { parseArgs } from 'node:util';
import { findSpeechInWavFile } from '../src/main/adapters/embedded/vad/speech-segments.ts';

const USAGE = 'usage: npm run vad -- <file.wav> [--model v5|v6]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { model: { type: 'string', default: 'v5' } } });
  } catch (error) {
    process.stderr.write(`vad: ${(error as Error).message}\n${USAGE}\n`);
    return 1;
  }
  const [file, ...extra] = parsed.positionals;
  const model = parsed.values.model;
  if (!file || extra.length > 0 || (model !== 'v5' && model !== 'v6')) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  try {
    const report = await findSpeechInWavFile(file, { model });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`vad: ${(error as Error).message.split('\n')[0]}\n`);
    return 1;
  }
}

process.exitCode = await main();
