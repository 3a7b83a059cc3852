import type { CaptureFailure } from '../../audio/capture/microphone-capture.ts';

export type MicrophoneProblem = CaptureFailure | 'device_lost';

const TYPING_STILL_WORKS = 'Typing still works.';

/** What the panel says when the microphone cannot be used, and what to do about it. */
export function problemMessage(problem: MicrophoneProblem, detail?: string): string {
  switch (problem) {
    case 'denied':
      return `Microphone access was denied. Allow it in the browser's site settings (or the system's privacy settings) and press Start microphone again; typing still works.`;
    case 'no_device':
      return `No microphone was found. Connect one and press Start microphone again. ${TYPING_STILL_WORKS}`;
    case 'device_lost':
      return `The microphone was disconnected. Choose another one and press Start microphone. ${TYPING_STILL_WORKS}`;
    case 'busy':
      return `The microphone is in use by another application or could not be read. ${TYPING_STILL_WORKS}`;
    case 'unsupported':
      return `This page cannot use a microphone (it needs a secure context such as localhost). ${TYPING_STILL_WORKS}`;
    case 'failed':
      return `The microphone could not be started${detail ? `: ${detail}` : ''}. ${TYPING_STILL_WORKS}`;
  }
}
