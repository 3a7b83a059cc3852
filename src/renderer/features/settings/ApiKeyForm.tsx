import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ApiKeyProvider, ApiKeyStatus } from '../../../shared/contract.ts';
import { getAssistantClient } from '../../client/assistant-client.ts';
import { useAppState } from '../../state/app-context.tsx';
import { checkApiKeyInput, describeApiKey, KEY_TEXTS, type ApiKeyClient } from './api-key-fields.ts';

type Outcome = { kind: 'saved' } | { kind: 'removed' } | { kind: 'error'; message: string } | null;

type Props = {
  /** Default: the app's client, resolved on first use (not while rendering, so tests render without one). */
  client?: ApiKeyClient;
  /** What is known before the host is asked (tests render with it). */
  initialStatus?: ApiKeyStatus | null;
  /** Which kept secret: the OpenAI key (default) or Twilio's auth token. */
  provider?: ApiKeyProvider;
};

/**
 * The OpenAI key: typed here, sent once to main, which keeps it; this form only ever learns
 * whether a key is set and its last characters. The typed text is dropped once saved.
 */
export function ApiKeyForm({ client, initialStatus = null, provider = 'openai' }: Props) {
  const texts = KEY_TEXTS[provider];
  const inputId = useId();
  const hintId = useId();
  const connection = useAppState((s) => s.connection);
  // The key shown is the one for the base URL in Settings: a new base URL may have none.
  const baseURL = useAppState((s) => s.settings?.providers.openai.baseURL ?? null);
  const [status, setStatus] = useState<ApiKeyStatus | null>(initialStatus);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const api = () => client ?? getAssistantClient();

  useEffect(() => {
    if (connection !== 'open') return;
    let current = true;
    void api()
      .getApiKeyStatus({ provider })
      .then((result) => {
        if (!current) return;
        if (result.ok) setStatus(result.value);
        else setOutcome({ kind: 'error', message: `Could not check the saved key: ${result.error.message}` });
      });
    return () => {
      current = false;
    };
    // The client is fixed for the form's life; reload on (re)connection and a new base URL.
  }, [connection, baseURL]);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = checkApiKeyInput(draft);
    if (problem) {
      setOutcome({ kind: 'error', message: problem });
      return;
    }
    setBusy(true);
    const result = await api().setApiKey({ provider, key: draft });
    setBusy(false);
    if (result.ok) {
      setStatus(result.value);
      setDraft('');
      setOutcome({ kind: 'saved' });
    } else {
      setOutcome({ kind: 'error', message: result.error.message });
    }
  }

  async function remove() {
    setBusy(true);
    const result = await api().clearApiKey({ provider });
    setBusy(false);
    if (result.ok) {
      setStatus(result.value);
      setOutcome({ kind: 'removed' });
    } else {
      setOutcome({ kind: 'error', message: result.error.message });
    }
  }

  const view = describeApiKey(status);
  return (
    <form aria-label={texts.label} className="settings-form" aria-busy={busy} onSubmit={(e) => void save(e)}>
      <fieldset>
        <legend>{texts.legend}</legend>
        <div className="field">
          <label htmlFor={inputId}>{texts.label}</label>
          <input
            id={inputId}
            name={texts.inputName}
            type="password"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={hintId}
            placeholder={status?.source === 'stored' ? 'Saved; type a new key to replace it' : texts.placeholder}
            value={draft}
            disabled={view.problem !== null}
            onChange={(e) => {
              setDraft(e.target.value);
              if (outcome?.kind !== 'error') setOutcome(null);
            }}
          />
        </div>
        <p id={hintId} className="muted" data-testid="api-key-status">
          {view.summary}
        </p>
        {view.problem && (
          <p role="alert" className="banner banner-warning">
            Keys cannot be saved here: {view.problem}
          </p>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={busy || draft.trim() === '' || view.problem !== null}>
          Save key
        </button>
        <button type="button" onClick={() => void remove()} disabled={busy || !view.canRemove}>
          Remove key
        </button>
        <p role="status" className="form-status">
          {outcome?.kind === 'saved' && 'Key saved'}
          {outcome?.kind === 'removed' && 'Key removed'}
        </p>
      </div>
      {outcome?.kind === 'error' && (
        <p role="alert" className="banner banner-error">
          {outcome.message}
        </p>
      )}
    </form>
  );
}
