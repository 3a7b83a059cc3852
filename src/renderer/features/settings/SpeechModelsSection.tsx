import { useEffect, useId, useState } from 'react';
import type { SpeechModelView } from '../../../shared/contract.ts';
import { useAppActions, useAppState } from '../../state/app-context.tsx';
import { describeModel, percentOf, progressText, stateText } from './speech-model-text.ts';

type Props = {
  /** What is known before the host is asked (tests render with it). */
  initialModels?: SpeechModelView[] | null;
};

/**
 * Speech recognition on this computer: the models to download (with progress, cancel and resume),
 * delete, and choose. "Use this model" saves voice.localSpeechModel; it is used when no
 * OpenAI-compatible provider is set up.
 */
/** The heading the voice bar's "Get a speech model" takes the focus to. */
export const SPEECH_MODELS_ANCHOR = 'speech-models';

export function SpeechModelsSection({ initialModels = null }: Props) {
  const headingId = useId();
  const connection = useAppState((s) => s.connection);
  const chosen = useAppState((s) => s.settings?.voice.localSpeechModel ?? null);
  const { listSpeechModels, speechModelAction, onSpeechModel, saveSettings } = useAppActions();
  const [models, setModels] = useState<SpeechModelView[] | null>(initialModels);
  /** Why an action on a model was refused, by model id (the host's own failures come with the model). */
  const [refused, setRefused] = useState<Record<string, string>>({});

  useEffect(() => onSpeechModel((view) => setModels((list) => list?.map((model) => (model.id === view.id ? view : model)) ?? list)), [onSpeechModel]);
  useEffect(() => {
    if (connection !== 'open') return;
    let live = true;
    void listSpeechModels().then((list) => {
      if (live && list) setModels(list);
    });
    return () => {
      live = false;
    };
  }, [connection, listSpeechModels]);

  async function act(id: string, action: 'download' | 'cancel' | 'delete' | 'use' | 'stop') {
    setRefused(({ [id]: _dropped, ...rest }) => rest);
    let problem: string | null;
    if (action === 'use' || action === 'stop') {
      const saved = await saveSettings({ voice: { localSpeechModel: action === 'use' ? id : null } });
      problem = saved.ok ? (saved.value.fieldErrors[0]?.message ?? null) : saved.error.message;
    } else {
      problem = await speechModelAction(id, action);
    }
    if (problem !== null) setRefused((current) => ({ ...current, [id]: problem }));
  }

  return (
    <section className="speech-models" aria-labelledby={headingId}>
      <h3 id={SPEECH_MODELS_ANCHOR} tabIndex={-1}>
        <span id={headingId}>Speech models</span>
      </h3>
      <p className="muted">
        Speech recognition on this computer, with no key and no server: download a model once and choose it. A key or a local server in
        Settings is used instead when one is set.
      </p>
      {models === null ? (
        <p className="muted">Loading the speech models…</p>
      ) : (
        <ul className="speech-model-list">
          {models.map((model) => (
            <SpeechModelItem key={model.id} model={model} inUse={chosen === model.id} refused={refused[model.id] ?? null} act={(action) => void act(model.id, action)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SpeechModelItem({ model, inUse, refused, act }: { model: SpeechModelView; inUse: boolean; refused: string | null; act: (action: 'download' | 'cancel' | 'delete' | 'use' | 'stop') => void }) {
  const nameId = useId();
  const detailId = useId();
  const error = refused ?? model.error;
  const downloading = model.state === 'downloading';
  const resumable = !downloading && model.state !== 'ready' && model.downloadedBytes > 0;
  return (
    <li className="speech-model" aria-labelledby={nameId} aria-describedby={detailId} data-testid={`speech-model-${model.id}`}>
      <p className="speech-model-name">
        <strong id={nameId}>{model.label}</strong> <span className="muted">{describeModel(model)}</span>
      </p>
      <p id={detailId} className="muted" role="status">
        {stateText(model, inUse)}
      </p>
      {downloading && (
        <p className="speech-model-progress">
          <progress max={model.totalBytes} value={model.downloadedBytes} aria-labelledby={nameId} aria-valuetext={progressText(model)} />{' '}
          <span>{progressText(model)}</span>
        </p>
      )}
      <div className="form-actions">
        {downloading ? (
          <button type="button" aria-label={`Cancel the download of ${model.label}`} onClick={() => act('cancel')}>
            Cancel
          </button>
        ) : (
          model.state !== 'ready' && (
            <button type="button" aria-label={resumable ? `Resume (${percentOf(model)}%) the download of ${model.label}` : `Download ${model.label}`} onClick={() => act('download')}>
              {resumable ? `Resume (${percentOf(model)}%)` : 'Download'}
            </button>
          )
        )}
        {model.state === 'ready' &&
          (inUse ? (
            <button type="button" aria-label={`Stop using ${model.label}`} onClick={() => act('stop')}>
              Stop using
            </button>
          ) : (
            <button type="button" aria-label={`Use this model: ${model.label}`} onClick={() => act('use')}>
              Use this model
            </button>
          ))}
        {(model.state === 'ready' || resumable) && (
          <button type="button" aria-label={`Delete ${model.label}`} onClick={() => act('delete')}>
            Delete
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="banner banner-error">
          {error}
        </p>
      )}
    </li>
  );
}
