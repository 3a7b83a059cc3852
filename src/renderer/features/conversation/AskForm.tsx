import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MAX_QUERY_CHARS } from '../../../shared/contract.ts';
import { useAppActions } from '../../state/app-context.tsx';

export function AskForm() {
  const inputId = useId();
  const hintId = useId();
  const { ask } = useAppActions();
  const [text, setText] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  // "/" from anywhere (but a field being typed in) comes back to the question box.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      event.preventDefault();
      inputRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    const result = await ask(text);
    setSubmitting(false);
    // A failed question stays in the box to send again; the turn says what went wrong.
    if (result.ok) setText('');
    // Disabling the input while sending took the focus away; give it back for the next question.
    requestAnimationFrame(() => {
      const input = inputRef.current;
      const active = document.activeElement;
      if (input && (active === null || active === document.body || active === input)) input.focus();
    });
  }

  const tooLong = text.length > MAX_QUERY_CHARS;
  return (
    <form className="ask-form" aria-busy={submitting} onSubmit={(e) => void submit(e)}>
      <label htmlFor={inputId}>Ask the assistant</label>
      <div className="ask-row">
        <input
          ref={inputRef}
          id={inputId}
          name="question"
          type="text"
          autoComplete="off"
          enterKeyHint="send"
          value={text}
          disabled={submitting}
          aria-describedby={tooLong ? hintId : undefined}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="primary" disabled={submitting}>
          Ask
        </button>
      </div>
      {tooLong && (
        <p id={hintId} className="form-hint">
          Longer than {MAX_QUERY_CHARS} characters: the assistant will ask for a shorter question.
        </p>
      )}
    </form>
  );
}

function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}
