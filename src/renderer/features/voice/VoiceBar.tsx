import { useEffect, useId } from 'react';
import { resumeOnFirstGesture } from '../../audio/playback/audio-player.ts';
import { useAppActions, useAppState, useAppStore, useLayout } from '../../state/app-context.tsx';
import { phaseLabel, type TurnTaking } from '../../state/voice-state.ts';
import { speechRecognition } from '../../state/speech-recognition.ts';
import { WAKE_PHRASES } from '../../../shared/wake-phrases.ts';
import { MicrophoneToggle } from '../microphone/MicrophoneToggle.tsx';
import { useMicrophoneState } from '../microphone/microphone-context.tsx';
import { keyLabel } from './push-to-talk-keys.ts';
import { TalkButton } from './TalkButton.tsx';
import { useTalkKey } from './use-talk-key.ts';
import { SPEECH_MODELS_ANCHOR } from '../settings/SpeechModelsSection.tsx';

const MODES: { value: TurnTaking; label: string }[] = [
  { value: 'push_to_talk', label: 'Push to talk' },
  { value: 'hands_free', label: 'Hands free' },
  { value: 'wake_word', label: 'Wake word' },
];

/** The spoken conversation's state (idle, listening, thinking, speaking) and its controls, above the transcript. */
export function VoiceBar() {
  const hintId = useId();
  const phase = useAppState((s) => s.voice.phase);
  const runId = useAppState((s) => s.voice.runId);
  const runs = useAppState((s) => s.voice.runs);
  const error = useAppState((s) => s.voice.error);
  const talking = useAppState((s) => s.voice.talking);
  const chosenMode = useAppState((s) => s.voice.mode);
  const savedMode = useAppState((s) => s.settings?.voice.mode ?? null);
  const talkKey = useAppState((s) => s.settings?.voice.pushToTalkKey ?? 'Space');
  const connected = useAppState((s) => s.connection === 'open' && s.currentSessionId !== null);
  const playing = useAppState((s) => s.voice.playing);
  const bargeInStopMs = useAppState((s) => s.voice.lastBargeInStopMs);
  const wakeHeard = useAppState((s) => s.voice.wakeHeard);
  const playbackProblem = useAppState((s) => s.voice.playbackProblem);
  const microphoneOn = useMicrophoneState((s) => s.status === 'on');
  const wakePhrase = WAKE_PHRASES[useAppState((s) => s.settings?.voice.wakePhrase ?? 'hey_jarvis')].label;
  const { talk, setVoiceMode, unlockAudio, checkProviders } = useAppActions();
  // Said before the user speaks, not after: talking needs a speech recognizer.
  // Computed from Status here, not in the selector: a new object per read would re-render forever.
  const recognition = speechRecognition(useAppState((s) => s.status));
  const unavailable = recognition.usable ? null : recognition;
  const showView = useLayout((s) => s.show);
  // Browsers keep audio suspended until the user does something on the page.
  useEffect(() => resumeOnFirstGesture(window, unlockAudio), [unlockAudio]);
  const store = useAppStore();

  const mode = chosenMode ?? savedMode ?? 'push_to_talk';
  const pushToTalk = mode === 'push_to_talk';
  const onTalk = (action: 'press' | 'release') => void talk(action);
  // Only while the conversation is shown: in Settings the key is for typing and ticking boxes.
  const shown = useLayout((s) => s.view === 'conversation');
  useTalkKey(talkKey, pushToTalk && connected && shown, onTalk);

  const run = runs.find((r) => r.runId === runId) ?? runs.at(-1);
  const partial = run && !run.userFinal && run.userText.trim().length > 0 && !run.over ? run.userText : null;
  // Nothing can understand speech: never "Listening…" (the words would go nowhere).
  const label = unavailable && (phase === 'idle' || phase === 'listening' || phase === 'transcribing') ? 'Not listening' : talking && phase === 'idle' ? phaseLabel('listening') : phaseLabel(phase);

  return (
    // data-playing and data-barge-in-stop-ms are read by the end-to-end tests.
    <section
      className="voice-bar"
      aria-label="Voice"
      data-phase={phase}
      data-playing={playing}
      data-barge-in-stop-ms={bargeInStopMs ?? undefined}
    >
      <div className="voice-main">
        <div className="voice-state">
          <span className={`voice-indicator voice-indicator-${phase}`} aria-hidden="true" />
          {/* The phase is announced as it changes; partial transcripts are not, they change too often. */}
          <p className="voice-phase" role="status" aria-live="polite" data-testid="voice-phase">
            {label}
          </p>
        </div>
        {pushToTalk && (
          <div className="voice-talk">
            <TalkButton held={talking} disabled={!connected || unavailable !== null} onTalk={onTalk} describedBy={hintId} />
            <span id={hintId} className="muted">
              {unavailable ? (
                'Needs speech recognition (below)'
              ) : microphoneOn ? (
                <>
                  or hold <kbd>{keyLabel(talkKey)}</kbd>
                </>
              ) : (
                'Start the microphone first'
              )}
            </span>
          </div>
        )}
      </div>

      <div className="voice-controls">
        <MicrophoneToggle />
        <fieldset className="voice-mode">
        <legend className="visually-hidden">Voice mode</legend>
        {MODES.map((option) => (
          <label key={option.value} className={option.value === mode ? 'voice-mode-option voice-mode-chosen' : 'voice-mode-option'}>
            <input
              type="radio"
              name="voice-mode"
              value={option.value}
              checked={option.value === mode}
              onChange={() => void setVoiceMode(option.value)}
            />
            {option.label}
          </label>
        ))}
        </fieldset>
      </div>

      {pushToTalk || unavailable ? null : !microphoneOn ? (
        <p className="muted voice-hint">Start the microphone to talk hands-free.</p>
      ) : mode === 'wake_word' ? (
        <p className={wakeHeard ? 'voice-hint voice-wake-heard' : 'muted voice-hint'} data-testid="wake-hint">
          {wakeHeard ? `Heard “${wakePhrase}”: go ahead.` : `Say “${wakePhrase}”, then your question; saying it over the answer stops it.`}
        </p>
      ) : (
        <p className="muted voice-hint">Speak at any time; talking over the answer stops it.</p>
      )}

      {unavailable && (
        <div className="voice-unavailable" data-testid="voice-unavailable">
          <p>{unavailable.reason}</p>
          {unavailable.fix === 'get_speech_model' ? (
            <button
              type="button"
              onClick={() => {
                showView('settings');
                // After the view renders: straight to the list of models to download.
                requestAnimationFrame(() => document.getElementById(SPEECH_MODELS_ANCHOR)?.focus());
              }}
            >
              Get a speech model
            </button>
          ) : (
            <button type="button" onClick={() => void checkProviders()}>
              Check again
            </button>
          )}
        </div>
      )}

      {partial !== null && (
        <p className="voice-partial" data-testid="voice-partial">
          <span className="turn-speaker">You</span> {partial}…
        </p>
      )}

      {playbackProblem !== null && (
        <div role="status" className="banner voice-playback-problem" data-testid="playback-problem">
          <p>{playbackProblem}</p>
          {/* The click itself is the gesture the browser waits for. */}
          <button type="button" onClick={unlockAudio}>
            Turn sound on
          </button>
        </div>
      )}

      {error !== null && (
        <div role="alert" className="banner banner-error voice-error" data-testid="voice-error">
          <p>{error}</p>
          <button type="button" onClick={() => store.getState().dismissVoiceError()}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}
