import { useId, useState, type FormEvent } from 'react';
import { useAppActions } from '../../state/app-context.tsx';

type Outcome = { kind: 'saved' } | { kind: 'error'; message: string } | null;

/**
 * A local OpenAI-compatible server (Ollama, llama.cpp, speaches) as the provider: saves the base URL
 * and checks at once whether it answers (Status shows the outcome).
 */
export function LocalServerForm() {
  const inputId = useId();
  const hintId = useId();
  const { saveSettings, checkProviders } = useAppActions();
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const baseURL = address.trim();
    if (!baseURL) {
      setOutcome({ kind: 'error', message: 'Type the server’s address, for example http://localhost:11434/v1' });
      return;
    }
    setBusy(true);
    const result = await saveSettings({ providers: { openai: { baseURL } } });
    if (!result.ok) setOutcome({ kind: 'error', message: result.error.message });
    else if (result.value.fieldErrors.length > 0) setOutcome({ kind: 'error', message: `Not saved: the address ${result.value.fieldErrors[0]!.message}` });
    else {
      setOutcome({ kind: 'saved' });
      await checkProviders();
    }
    setBusy(false);
  }

  return (
    <form className="local-server-form" aria-label="Local server" onSubmit={(event) => void submit(event)}>
      <label htmlFor={inputId}>Local server address</label>
      <div className="ask-row">
        <input
          id={inputId}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="http://localhost:11434/v1"
          value={address}
          aria-describedby={hintId}
          aria-invalid={outcome?.kind === 'error' ? true : undefined}
          onChange={(event) => {
            setAddress(event.target.value);
            setOutcome(null);
          }}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Use this server'}
        </button>
      </div>
      <p id={hintId} className="muted form-hint">
        Ollama listens on http://localhost:11434/v1, llama.cpp’s server on http://localhost:8080/v1. No key is needed.
      </p>
      <p role="status" className={outcome?.kind === 'error' ? 'field-error' : 'muted'} data-testid="local-server-outcome">
        {outcome?.kind === 'saved' && 'Saved. The status below says whether it answers.'}
        {outcome?.kind === 'error' && outcome.message}
      </p>
    </form>
  );
}
