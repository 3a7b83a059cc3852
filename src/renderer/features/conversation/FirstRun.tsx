import { useAppActions, useAppState, useLayout } from '../../state/app-context.tsx';
import { ApiKeyForm } from '../settings/ApiKeyForm.tsx';
import { LocalServerForm } from '../settings/LocalServerForm.tsx';

// What a new user sees before the first question: what works now, offline, as examples to click
// (each asks itself), and what a key or a local server would add, entered right here.

export const OFFLINE_EXAMPLES = [
  'what time is it in Tokyo',
  'set a timer for 10 minutes',
  "what's 18% of 64.50",
  'how many days until Christmas',
  '5 gallons in liters',
  'quelle heure est-il à New York',
  'what can you do',
] as const;

export function FirstRun() {
  const { ask } = useAppActions();
  const openai = useAppState((s) => s.status?.providers.find((provider) => provider.id === 'openai') ?? null);
  const modelReady = openai !== null && openai.configured && openai.reachable !== false;

  const show = useLayout((s) => s.show);

  return (
    <div className="first-run" data-testid="first-run">
      <h3>Try it: these work offline</h3>
      <ul className="examples" aria-label="Examples">
        {OFFLINE_EXAMPLES.map((example) => (
          <li key={example}>
            <button type="button" className="example" onClick={() => void ask(example)}>
              {example}
            </button>
          </li>
        ))}
      </ul>
      <p className="muted">
        Time anywhere, dates, calculations and conversions, timers and reminders, in English, French, German and Spanish. Type below, or
        press the talk button to speak.
      </p>
      {modelReady ? (
        <p className="muted" data-testid="first-run-model">
          A language model is set up: general questions work too.
        </p>
      ) : (
        <p data-testid="first-run-model">
          {openai?.configured && openai.reachable === false
            ? `General questions wait for the language model: ${openai.problem ?? 'its server does not answer.'}`
            : 'General questions ("who wrote Hamlet") need a language model: an OpenAI API key, or a local OpenAI-compatible server (Ollama, llama.cpp).'}
        </p>
      )}
      {!modelReady && (
        <details className="first-run-setup" data-testid="first-run-setup">
          <summary>Set up a key or a local server</summary>
          <ApiKeyForm />
          <LocalServerForm />
        </details>
      )}
    </div>
  );
}
