// Questions from the command line, answered as the app answers them: through the conversation
// engine of a host on the app's data directory (its settings, keys, history, timers), in a
// throwaway session unless one is named.
//
//   npm run ask -- "what is twelve times seven" [--out answer.wav] [--tts espeak|openai] [--trace]
//                  [--voice NAME] [--language en] [--config-dir DIR] [--data-dir DIR] [--verbose]
//   npm run ask -- --session NAME "and in London?"     continues a stored conversation
//   npm run ask -- --jsonl FILE [--session NAME]       one question per line, one JSON line per answer
//
// Prints the answer (then, with --trace, the turn's trace as the inspector shows it, as JSON).
// With --out the answer is spoken to a WAV: espeak-ng offline by default (--language picks its
// voice); OpenAI speech with --tts openai and a key for the base URL in settings.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Settings } from '../src/shared/settings.ts';
import type { TurnTrace } from '../src/shared/trace.ts';
import { concatPcm } from '../src/main/adapters/audio/pcm.ts';
import { encodeWav } from '../src/main/adapters/audio/wav.ts';
import { EspeakTextToSpeech } from '../src/main/adapters/embedded/espeak-tts.ts';
import { environmentKeyFor } from '../src/main/host/api-keys.ts';
import { defaultDataDir } from '../src/main/host/paths.ts';
import type { PcmAudio } from '../src/main/ports/audio.ts';
import type { Clock } from '../src/main/ports/clock.ts';
import type { TextToSpeech } from '../src/main/ports/tts.ts';
import { askInSession, openConversationHost, questionsOf, type ConversationAnswer } from './ask-conversation.ts';

const USAGE = `usage: npm run ask -- "question" [--out answer.wav] [--tts espeak|openai] [--trace] [--voice NAME]
                      [--language en] [--config-dir DIR] [--data-dir DIR] [--verbose]
       npm run ask -- --session NAME "question"    (a stored conversation: follow-ups work)
       npm run ask -- --jsonl FILE [--session NAME] (one question per line; one JSON line per answer)`;

const repoPath = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

export interface AskOptions {
  question: string;
  /** A stored conversation to continue; none: a throwaway session. */
  session?: string;
  out?: string;
  tts: 'espeak' | 'openai';
  trace: boolean;
  voice?: string;
  /** The voice's language for --out (the answer's own language is read from the question). */
  language?: string;
  configDir: string;
  dataDir: string;
  verbose: boolean;
  env: Record<string, string | undefined>;
  /** The host's clock (tests fix it); default the system's. */
  clock?: Clock;
}

export interface AskOutcome {
  answer: string;
  trace: TurnTrace;
  /** Written to `out`, when asked. */
  audio: PcmAudio | null;
}

/** One question, as `npm run ask -- "question"` asks it. */
export async function ask(options: AskOptions): Promise<AskOutcome> {
  const host = openConversationHost(options);
  try {
    // Checked before asking: a wrong speech set-up says so without leaving a turn behind.
    const tts = options.out ? await speechFor(options, host.settings.current()) : null;
    let answered: ConversationAnswer | null = null;
    await askInSession(host, options.session ?? null, [options.question], (answer) => (answered = answer));
    const { answer, trace } = answered!;
    const audio = tts && options.out ? await speak(tts, answer, options, host.settings.current()) : null;
    if (audio && options.out) writeFileSync(options.out, encodeWav(audio));
    return { answer, trace, audio };
  } finally {
    host.close();
  }
}

async function speak(tts: TextToSpeech, text: string, options: AskOptions, settings: Settings): Promise<PcmAudio> {
  const parts: PcmAudio[] = [];
  const language = options.language ?? settings.assistant.language;
  for await (const part of tts.synthesize({ text, language, speed: settings.voice.speakingRate, ...(options.voice ? { voice: options.voice } : {}) })) parts.push(part);
  if (parts.length === 0) throw new Error('the speech synthesizer returned no audio');
  return concatPcm(parts);
}

async function speechFor(options: AskOptions, settings: Settings): Promise<TextToSpeech> {
  if (options.tts === 'espeak') return new EspeakTextToSpeech({ defaultLanguage: options.language ?? settings.assistant.language });
  const { baseURL, speechModel, speechVoice } = settings.providers.openai;
  if (!options.env.OPENAI_API_KEY?.trim()) throw new Error('--tts openai needs OPENAI_API_KEY; without a key use --tts espeak (the default)');
  const apiKey = environmentKeyFor('openai', options.env, baseURL);
  if (!apiKey) {
    throw new Error(`--tts openai: OPENAI_API_KEY is sent only to https://api.openai.com or to OPENAI_BASE_URL, and the base URL in settings is ${baseURL}; set OPENAI_BASE_URL=${baseURL} to send it there`);
  }
  const { createOpenAiTts } = await import('../src/main/adapters/openai/openai-tts.ts');
  return createOpenAiTts({ apiKey, baseURL, model: speechModel, voice: options.voice ?? speechVoice });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      tts: { type: 'string', default: 'espeak' },
      trace: { type: 'boolean', default: false },
      voice: { type: 'string' },
      language: { type: 'string' },
      'config-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      session: { type: 'string' },
      jsonl: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const question = positionals.join(' ').trim();
  const configDir = values['config-dir'] ?? repoPath('config');
  const dataDir = values['data-dir'] ?? defaultDataDir();
  if (values.jsonl !== undefined && !values.help) {
    const host = openConversationHost({ configDir, dataDir, env: process.env, verbose: values.verbose });
    try {
      await askInSession(host, values.session ?? null, questionsOf(values.jsonl), (answer) => {
        const { trace, ...line } = answer;
        process.stdout.write(`${JSON.stringify(values.trace ? { ...line, trace } : line)}\n`);
      });
    } finally {
      host.close();
    }
    return;
  }
  if (values.help || !question || (values.tts !== 'espeak' && values.tts !== 'openai')) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const outcome = await ask({
    question,
    tts: values.tts,
    trace: values.trace,
    verbose: values.verbose,
    configDir,
    dataDir,
    env: process.env,
    ...(values.session !== undefined ? { session: values.session } : {}),
    ...(values.out ? { out: values.out } : {}),
    ...(values.voice ? { voice: values.voice } : {}),
    ...(values.language ? { language: values.language } : {}),
  });
  process.stdout.write(`${outcome.answer}\n`);
  if (values.trace) process.stdout.write(`${JSON.stringify(outcome.trace, null, 2)}\n`);
  if (outcome.audio && values.out) {
    const seconds = outcome.audio.samples.length / outcome.audio.sampleRate;
    process.stderr.write(`wrote ${values.out} (${seconds.toFixed(2)} s at ${outcome.audio.sampleRate} Hz)\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await main();
  } catch (error) {
    process.stderr.write(`ask: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
