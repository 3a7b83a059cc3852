import type { Settings } from '../../shared/settings.ts';
import { EspeakTextToSpeech } from '../adapters/embedded/espeak-tts.ts';
import { createOpenAiStt } from '../adapters/openai/openai-stt.ts';
import { createOpenAiTts } from '../adapters/openai/openai-tts.ts';
import { AppError } from '../core/errors.ts';
import type { SpeechToText } from '../ports/stt.ts';
import type { TextToSpeech } from '../ports/tts.ts';
import { isOpenAiCloud } from './openai-endpoint.ts';

export const STT_NEEDS_PROVIDER =
  'Speech recognition needs a speech model downloaded in Settings › Speech models (it then runs on this computer), an OpenAI API key, or a local OpenAI-compatible speech server (for example speaches) as the base URL in Settings. Typing works without one.';

/** The STT of a downloaded model, or null when that model is not (fully) downloaded. */
export type LocalSttFor = (modelId: string) => SpeechToText | null;

/** Says plainly what is missing instead of transcribing. */
const unavailableStt: SpeechToText = {
  provider: 'none',
  transcribe: async () => {
    throw new AppError('unavailable', STT_NEEDS_PROVIDER);
  },
};

const missingModelMessage = (modelId: string) =>
  `The speech model ${modelId} chosen in Settings is not downloaded (or not completely): download it in Settings › Speech models, or choose another. Typing works meanwhile.`;

/** The model chosen in Settings is not on disk (deleted, or its download is unfinished). */
const missingModelStt = (modelId: string): SpeechToText => ({
  provider: 'none',
  transcribe: async () => {
    throw new AppError('unavailable', missingModelMessage(modelId));
  },
});

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
 * STT through the OpenAI-compatible provider when one is configured, else the downloaded model
 * chosen in Settings (voice.localSpeechModel) when it is there, else none (saying what is missing);
 * TTS through OpenAI when a key is set for the OpenAI cloud, otherwise the embedded espeak-ng
 * (offline, no key).
 */
export function voiceProvidersFromSettings(settings: Settings, apiKey: string | undefined, localSttFor: LocalSttFor = () => null): VoiceProviders {
  const { baseURL, transcriptionModel, speechModel, speechVoice } = settings.providers.openai;
  const isCloud = isOpenAiCloud(baseURL);
  const key = apiKey?.trim();
  const reachable = Boolean(key) || !isCloud;
  const localModel = settings.voice.localSpeechModel;
  const local = !reachable && localModel ? localSttFor(localModel) : null;
  const stt = reachable
    ? createOpenAiStt({ apiKey: key || 'not-needed-for-local-servers', baseURL, model: transcriptionModel })
    : (local ?? (localModel ? missingModelStt(localModel) : unavailableStt));
  const tts = key && isCloud ? createOpenAiTts({ apiKey: key, baseURL, model: speechModel, voice: speechVoice }) : sharedEspeak();
  return {
    stt,
    tts,
    describe: {
      stt: reachable ? `${transcriptionModel} at ${baseURL}` : local ? `${localModel} (sherpa-onnx, on this computer)` : stt === unavailableStt ? STT_NEEDS_PROVIDER : missingModelMessage(localModel!),
      tts: tts === sharedEspeak() ? 'espeak-ng (embedded, offline)' : `${speechModel} (${speechVoice}) at ${baseURL}`,
    },
  };
}
