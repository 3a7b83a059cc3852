// One question through the orchestrator, as the host builds it, without touching the app's store.
//
//   npm run ask -- "what is twelve times seven" [--out answer.wav] [--tts espeak|openai] [--trace]
//                  [--voice NAME] [--language en] [--config-dir DIR] [--data-dir DIR] [--verbose]
//   npm run ask -- --session NAME "and in London?"     continues a stored conversation
//   npm run ask -- --jsonl FILE [--session NAME]       one question per line, one JSON line per answer
//
// Prints the answer (then, with --trace, the turn's trace as JSON). With --out the answer is spoken
// to a WAV: espeak-ng offline by default; OpenAI speech with --tts openai and OPENAI_API_KEY set.
// With no key everything runs offline on the local specialists.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { SettingsSchema, type Settings } from '../src/shared/settings.ts';
import type { TurnTrace } from '../src/shared/trace.ts';
import { concatPcm } from '../src/main/adapters/audio/pcm.ts';
import { encodeWav } from '../src/main/adapters/audio/wav.ts';
import { loadLayeredFiles } from '../src/main/adapters/config/config-files.ts';
import { EspeakTextToSpeech } from '../src/main/adapters/embedded/espeak-tts.ts';
import { systemClock } from '../src/main/adapters/system/system-clock.ts';
import { environmentKeyFor } from '../src/main/host/api-keys.ts';
import { chatModelFromSettings, createDefault, loadMoeConfig, loadSpecialists } from '../src/main/host/moe-composition.ts';
import { defaultDataDir } from '../src/main/host/paths.ts';
import type { PcmAudio } from '../src/main/ports/audio.ts';
import type { TextToSpeech } from '../src/main/ports/tts.ts';
import { askInSession, openConversationHost, questionsOf } from './ask-conversation.ts';

const USAGE = `usage: npm run ask -- "question" [--out answer.wav] [--tts espeak|openai] [--trace] [--voice NAME]
                      [--language en] [--config-dir DIR] [--data-dir DIR] [--verbose]
       npm run ask -- --session NAME "question"    (a stored conversation: follow-ups work)
       npm run ask -- --jsonl FILE [--session NAME] (one question per line; one JSON line per answer)`;

const repoPath = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

export interface AskOptions {
  question: string;
  out?: string;
  tts: 'espeak' | 'openai';
  trace: boolean;
  voice?: string;
  language?: string;
  configDir: string;
  dataDir: string;
  verbose: boolean;
  env: Record<string, string | undefined>;
}

export interface AskOutcome {
  answer: string;
  trace: TurnTrace;
  /** Written to `out`, when asked. */
  audio: PcmAudio | null;
}

export async function ask(options: AskOptions): Promise<AskOutcome> {
  const logger = pino({ level: options.verbose ? 'debug' : 'silent' }, pino.destination({ fd: 2, sync: true }));
  const settings: Settings = loadLayeredFiles(SettingsSchema, [join(options.configDir, 'app.yaml'), join(options.dataDir, 'settings.yaml')]).value;
  // settings.yaml may name any server: the key goes only where the environment says (api-keys.ts).
  const apiKey = environmentKeyFor('openai', options.env, settings.providers.openai.baseURL) ?? undefined;
  const chatModel = chatModelFromSettings(settings, apiKey);
  const { value: config, errors: configErrors } = loadMoeConfig(options.configDir, options.dataDir, 'default');
  const { setup, errors: agentErrors } = loadSpecialists(options.configDir, options.dataDir, chatModel);
  for (const error of [...configErrors, ...agentErrors]) logger.warn({ code: 'config_invalid', ...error }, error.message);

  // No cache store and a tracer that keeps nothing: the CLI never writes to the app's data.
  const orchestrator = createDefault(setup, config, { clock: systemClock, chatModel, cacheStore: null, tracer: { record: () => undefined }, logger });
  const language = options.language ?? settings.assistant.language;
  let result: { text: string; trace: TurnTrace } | null = null;
  for await (const chunk of orchestrator.processStream(options.question, {
    sessionId: null,
    voiceMode: options.out !== undefined,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    locale: language,
  })) {
    if (chunk.type === 'final') result = { text: chunk.text, trace: chunk.trace };
  }
  if (!result) throw new Error('the orchestrator ended the turn without an answer');

  let audio: PcmAudio | null = null;
  if (options.out) {
    const tts = await speechFor(options, settings);
    const parts: PcmAudio[] = [];
    for await (const part of tts.synthesize({ text: result.text, language, speed: settings.voice.speakingRate, ...(options.voice ? { voice: options.voice } : {}) })) {
      parts.push(part);
    }
    if (parts.length === 0) throw new Error('the speech synthesizer returned no audio');
    audio = concatPcm(parts);
    writeFileSync(options.out, encodeWav(audio));
  }
  return { answer: result.text, trace: result.trace, audio };
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
  if (!values.help && (values.session !== undefined || values.jsonl !== undefined)) {
    if (values.jsonl === undefined && !question) throw new Error(`--session needs a question\n${USAGE}`);
    const host = openConversationHost({ configDir: values['config-dir'] ?? repoPath('config'), dataDir: values['data-dir'] ?? defaultDataDir(), env: process.env, verbose: values.verbose });
    try {
      const questions = values.jsonl !== undefined ? questionsOf(values.jsonl) : [question];
      await askInSession(host, values.session ?? null, questions, (answer) => {
        if (values.jsonl !== undefined) {
          const { trace, ...line } = answer;
          process.stdout.write(`${JSON.stringify(values.trace ? { ...line, trace } : line)}\n`);
        } else {
          process.stdout.write(`${answer.answer}\n`);
          if (values.trace) process.stdout.write(`${JSON.stringify(answer.trace, null, 2)}\n`);
        }
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
    configDir: values['config-dir'] ?? repoPath('config'),
    dataDir: values['data-dir'] ?? defaultDataDir(),
    env: process.env,
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
