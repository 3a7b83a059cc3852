import type { AppStatus } from '../../shared/contract.ts';

// Whether anything can turn the user's speech into words, from Status: a speech model on this
// computer, or the OpenAI-compatible server (unless its last check failed). One answer for every
// control that listens, so the reason and the way out are said in one place.

export type SpeechRecognition =
  | { usable: true }
  | {
      usable: false;
      reason: string;
      /** The one action that fixes it: get a speech model (Settings › Speech models), or check the server again. */
      fix: 'get_speech_model' | 'check_server';
    };

/** Unknown until Status arrives: usable, so nothing flashes a warning while connecting. */
export function speechRecognition(status: AppStatus | null): SpeechRecognition {
  if (status === null) return { usable: true };
  const local = status.providers.find((provider) => provider.id === 'local-stt');
  if (local?.configured) return { usable: true };
  const server = status.providers.find((provider) => provider.id === 'openai');
  if (server?.configured && server.reachable !== false) return { usable: true };
  if (server?.configured) {
    return {
      usable: false,
      reason: `Nothing can understand speech right now: ${server.problem ?? 'the speech recognition server does not answer.'} Typing works meanwhile.`,
      fix: 'check_server',
    };
  }
  return {
    usable: false,
    reason: 'Nothing here can understand speech yet: download a speech model (it runs on this computer, no key needed), or set up an OpenAI key or a local server in Settings. Typing works meanwhile.',
    fix: 'get_speech_model',
  };
}
