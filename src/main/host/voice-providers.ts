import type { Settings } from '../../shared/settings.ts';
import { EspeakTextToSpeech } from '../adapters/embedded/espeak-tts.ts';
import { createOpenAiStt } from '../adapters/openai/openai-stt.ts';
import { createOpenAiTts } from '../adapters/openai/openai-tts.ts';
import { AppError } from '../core/errors.ts';
import type { SpeechToText } from '../ports/stt.ts';
import type { TextToSpeech } from '../ports/tts.ts';
import { isOpenAiCloud } from './openai-endpoint.ts';

export const STT_NEEDS_PROVIDER =
  'Speech recognition needs an OpenAI API key, or a local OpenAI-compatible speech server (for example speaches) as the base URL in Settings. Typing works without one.';

/** Says plainly what is missing instead of transcribing. */
const unavailableStt: SpeechToText = {
  provider: 'none',
  transcribe: async () => {
    throw new AppError('unavailable', STT_NEEDS_PROVIDER);
  },
};

let espeak: EspeakTextToSpeech | null = null;
/** One espeak-ng worker per process: it loads 24 MB of voice data once. */
export const sharedEspeak = (): EspeakTextToSpeech => (espeak ??= new EspeakTextToSpeech());

export interface VoiceProviders {
  stt: SpeechToText;
  tts: TextToSpeech;
  /** For the status panel. */
  describe: { stt: string; tts: string };
}

/**
 * STT through the OpenAI-compatible provider when one is configured; TTS through OpenAI when a key
 * is set for the OpenAI cloud, otherwise the embedded espeak-ng (offline, no key).
 */
export function voiceProvidersFromSettings(settings: Settings, apiKey: string | undefined): VoiceProviders {
  const { baseURL, transcriptionModel, speechModel, speechVoice } = settings.providers.openai;
  const isCloud = isOpenAiCloud(baseURL);
  const key = apiKey?.trim();
  const reachable = Boolean(key) || !isCloud;
  const stt = reachable
    ? createOpenAiStt({ apiKey: key || 'not-needed-for-local-servers', baseURL, model: transcriptionModel })
    : unavailableStt;
  const tts = key && isCloud ? createOpenAiTts({ apiKey: key, baseURL, model: speechModel, voice: speechVoice }) : sharedEspeak();
  return {
    stt,
    tts,
    describe: {
      stt: reachable ? `${transcriptionModel} at ${baseURL}` : STT_NEEDS_PROVIDER,
      tts: tts === sharedEspeak() ? 'espeak-ng (embedded, offline)' : `${speechModel} (${speechVoice}) at ${baseURL}`,
    },
  };
}
