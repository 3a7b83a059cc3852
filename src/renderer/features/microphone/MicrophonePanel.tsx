import { useId } from 'react';
import { useStore } from 'zustand';
import { meterFraction, SILENCE_DBFS } from '../../audio/capture/pcm-frames.ts';
import { useMicrophone } from './microphone-context.tsx';
import type { MicrophoneState, MicrophoneStore } from './microphone-store.ts';
import './microphone.css';

/** dBFS at the meter's left end. */
const METER_FLOOR_DBFS = -60;

export function MicrophonePanel() {
  const headingId = useId();
  const selectId = useId();
  const { store, controller } = useMicrophone();
  const use = <T,>(selector: (state: MicrophoneState) => T) => useStore(store, selector);

  const status = use((s) => s.status);
  const devices = use((s) => s.devices);
  const deviceId = use((s) => s.deviceId);
  const problem = use((s) => s.problem);

  return (
    <section className="panel microphone-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Microphone</h2>
      <div className="microphone-controls">
        <label htmlFor={selectId}>Microphone</label>
        <select
          id={selectId}
          value={deviceId}
          disabled={status === 'starting'}
          onChange={(event) => void controller?.selectDevice(event.target.value)}
        >
          {devices.map((device) => (
            <option key={device.value} value={device.value}>
              {device.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={status === 'on' ? undefined : 'primary'}
          aria-pressed={status === 'on'}
          disabled={status === 'starting'}
          onClick={() => void (status === 'on' ? controller?.stop() : controller?.start())}
        >
          {status === 'on' ? 'Stop microphone' : status === 'starting' ? 'Starting…' : 'Start microphone'}
        </button>
      </div>
      <LevelMeter store={store} />
      {problem && (
        <p className="microphone-problem" role="alert" data-testid="microphone-problem">
          {problem.message}
        </p>
      )}
      <MicrophoneActivity store={store} />
    </section>
  );
}

export function LevelMeter({ store }: { store: MicrophoneStore }) {
  const labelId = useId();
  const level = useStore(store, (s) => s.levelDbfs);
  const on = useStore(store, (s) => s.status === 'on');
  const shown = Math.max(level, METER_FLOOR_DBFS);
  const text = on && level > SILENCE_DBFS ? `${Math.round(level)} dBFS` : 'off';
  return (
    <div className="microphone-level">
      <span className="microphone-level-label" id={labelId}>
        Input level
      </span>
      <meter
        aria-labelledby={labelId}
        data-testid="microphone-level"
        data-dbfs={Math.round(level)}
        data-fraction={meterFraction(level, METER_FLOOR_DBFS).toFixed(3)}
        min={METER_FLOOR_DBFS}
        max={0}
        low={-30}
        high={-6}
        optimum={-18}
        value={on ? shown : METER_FLOOR_DBFS}
      />
      <span className="microphone-level-value" aria-hidden="true">
        {text}
      </span>
    </div>
  );
}

function MicrophoneActivity({ store }: { store: MicrophoneStore }) {
  const status = useStore(store, (s) => s.status);
  const detector = useStore(store, (s) => s.detector);
  const detectorError = useStore(store, (s) => s.detectorError);
  const speaking = useStore(store, (s) => s.speaking);
  const speechStarts = useStore(store, (s) => s.speechStarts);
  const bargeIns = useStore(store, (s) => s.bargeIns);
  const bargeInStopMs = useStore(store, (s) => s.lastBargeInStopMs);
  const batchesSent = useStore(store, (s) => s.batchesSent);
  const sendError = useStore(store, (s) => s.sendError);
  if (status === 'off' && speechStarts === 0) return null;
  return (
    <>
      <p
        className="muted microphone-activity"
        aria-live="polite"
        data-testid="microphone-activity"
        data-detector={detector}
        data-speech-starts={speechStarts}
        data-barge-ins={bargeIns}
        data-barge-in-stop-ms={bargeInStopMs ?? undefined}
        data-batches-sent={batchesSent}
      >
        {detector === 'loading' && 'Loading voice detection…'}
        {detector === 'on' && (speaking ? 'Hearing speech' : 'Listening')}
        {detector === 'failed' && `Voice detection is off (${detectorError ?? 'failed'}); barge-in will not work, the microphone still does.`}
      </p>
      {sendError && (
        <p className="microphone-problem" role="status">
          Audio is not reaching the assistant: {sendError}
        </p>
      )}
    </>
  );
}
