import type { SpeechModelView } from '../../../shared/contract.ts';

// What the speech models section says about each model, kept apart from the markup to test.

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', fr: 'French', de: 'German', es: 'Spanish' };

export const megabytes = (bytes: number) => `${Math.round(bytes / 1_000_000).toLocaleString('en')} MB`;

export const percentOf = (model: Pick<SpeechModelView, 'downloadedBytes' | 'totalBytes'>) =>
  model.totalBytes > 0 ? Math.min(100, Math.floor((model.downloadedBytes / model.totalBytes) * 100)) : 0;

/** "about 104 MB · English" or "about 104 MB · many languages (English, French, German, Spanish …)". */
export function describeModel(model: SpeechModelView): string {
  const names = model.languages.map((code) => LANGUAGE_NAMES[code] ?? code).join(', ');
  return `about ${megabytes(model.sizeBytes)} · ${model.multilingual ? `many languages (${names} …)` : names}`;
}

/** "42% · 44 of 104 MB". */
export const progressText = (model: SpeechModelView) => `${percentOf(model)}% · ${megabytes(model.downloadedBytes)} of ${megabytes(model.totalBytes)}`;

/** What the state means for the user, in one line. */
export function stateText(model: SpeechModelView, inUse: boolean): string {
  if (model.state === 'ready') return inUse ? 'Downloaded; in use for speech recognition.' : 'Downloaded.';
  if (model.state === 'downloading') return 'Downloading…';
  if (model.downloadedBytes > 0) return `${megabytes(model.downloadedBytes)} of ${megabytes(model.totalBytes)} downloaded; Download resumes from there.`;
  return inUse ? 'Chosen, but not downloaded yet.' : 'Not downloaded.';
}
