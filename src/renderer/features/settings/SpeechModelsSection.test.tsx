import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { SpeechModelView } from '../../../shared/contract.ts';
import { defaultSettings } from '../../../shared/settings.ts';
import { renderHtml } from '../../testing/render-html.ts';
import { SpeechModelsSection } from './SpeechModelsSection.tsx';

const base: SpeechModelView = {
  id: 'whisper-tiny-en',
  label: 'Whisper tiny (English)',
  languages: ['en'],
  multilingual: false,
  sizeBytes: 103_636_000,
  state: 'not-downloaded',
  downloadedBytes: 0,
  totalBytes: 103_636_000,
  error: null,
};

const render = (models: SpeechModelView[] | null, chosen: string | null = null) =>
  renderHtml(createElement(SpeechModelsSection, { initialModels: models }), (store) => {
    const settings = defaultSettings();
    store.getState().receiveSettings({ ...settings, voice: { ...settings.voice, localSpeechModel: chosen } });
  });

/** The markup of one model's list item. */
const item = (html: string, id: string) => [...html.matchAll(/<li[^>]*data-testid="speech-model-([^"]+)"[^>]*>.*?<\/li>/gs)].find((match) => match[1] === id)?.[0];

describe('SpeechModelsSection', () => {
  it('lists each model, labelled, with its size and languages and a Download button naming it', () => {
    const html = render([base, { ...base, id: 'whisper-tiny', label: 'Whisper tiny (multilingual)', multilingual: true, languages: ['en', 'fr', 'de', 'es'] }]);
    expect(html).toMatch(/<section class="speech-models" aria-labelledby="([^"]+)"><h3 id="speech-models" tabindex="-1"><span id="\1">Speech models<\/span><\/h3>/);
    const tiny = item(html, 'whisper-tiny-en')!;
    expect(tiny).toMatch(/<li class="speech-model" aria-labelledby="([^"]+)" aria-describedby="[^"]+"[^>]*><p class="speech-model-name"><strong id="\1">Whisper tiny \(English\)<\/strong>/);
    expect(tiny).toContain('about 104 MB · English');
    expect(tiny).toContain('Not downloaded.');
    expect(tiny).toContain('<button type="button" aria-label="Download Whisper tiny (English)">Download</button>');
    expect(tiny).not.toContain('Delete');
    expect(item(html, 'whisper-tiny')).toContain('many languages (English, French, German, Spanish …)');
  });

  it('shows a download in progress as a progress bar with the percentage and MB, and offers Cancel', () => {
    const html = render([{ ...base, state: 'downloading', downloadedBytes: 43_500_000, totalBytes: 103_636_000 }]);
    expect(html).toMatch(/<progress max="103636000" value="43500000" aria-labelledby="[^"]+" aria-valuetext="41% · 44 MB of 104 MB"><\/progress> <span>41% · 44 MB of 104 MB<\/span>/);
    expect(html).toContain('<button type="button" aria-label="Cancel the download of Whisper tiny (English)">Cancel</button>');
    expect(html).not.toContain('>Download</button>');
  });

  it('offers to resume or delete a partial download, and shows why the last one failed next to the model', () => {
    const html = render([{ ...base, state: 'failed', downloadedBytes: 20_000_000, error: 'Could not reach huggingface.co to download Whisper tiny (English): the connection was refused. Check the connection and try again.' }]);
    expect(html).toContain('20 MB of 104 MB downloaded; Download resumes from there.');
    expect(html).toContain('<button type="button" aria-label="Resume (19%) the download of Whisper tiny (English)">Resume (19%)</button>');
    expect(html).toContain('<button type="button" aria-label="Delete Whisper tiny (English)">Delete</button>');
    expect(html).toContain('<p role="alert" class="banner banner-error">Could not reach huggingface.co to download Whisper tiny (English): the connection was refused. Check the connection and try again.</p>');
  });

  it('offers a downloaded model for use, and says which one is in use', () => {
    const ready = { ...base, state: 'ready' as const, downloadedBytes: 103_636_000 };
    const offered = render([ready]);
    expect(offered).toContain('Downloaded.');
    expect(offered).toContain('<button type="button" aria-label="Use this model: Whisper tiny (English)">Use this model</button>');
    expect(offered).toContain('>Delete</button>');
    expect(offered).not.toContain('role="alert"');

    const used = render([ready], 'whisper-tiny-en');
    expect(used).toContain('Downloaded; in use for speech recognition.');
    expect(used).toContain('<button type="button" aria-label="Stop using Whisper tiny (English)">Stop using</button>');
  });

  it('says it is loading before the host has answered', () => {
    expect(render(null)).toContain('Loading the speech models…');
  });
});
