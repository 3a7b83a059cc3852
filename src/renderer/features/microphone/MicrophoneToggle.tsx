import { useMicrophone, useMicrophoneState } from './microphone-context.tsx';

/** Starts and stops this window's microphone (the device is chosen in Settings). */
export function MicrophoneToggle() {
  const { controller } = useMicrophone();
  const status = useMicrophoneState((s) => s.status);
  const problem = useMicrophoneState((s) => s.problem);
  const on = status === 'on';
  return (
    <div className="microphone-toggle">
      <button
        type="button"
        className={on ? 'microphone-button microphone-on' : 'microphone-button primary'}
        aria-pressed={on}
        disabled={status === 'starting' || controller === null}
        onClick={() => void (on ? controller?.stop() : controller?.start())}
      >
        {on ? 'Stop microphone' : status === 'starting' ? 'Starting…' : 'Start microphone'}
      </button>
      {problem && (
        <p className="microphone-problem" role="alert" data-testid="voice-microphone-problem">
          {problem.message}
        </p>
      )}
    </div>
  );
}
