import type { PlayerAudioContext } from '../audio/playback/audio-player.ts';

export type FakeSource = {
  buffer: { length: number; sampleRate: number; samples: Float32Array } | null;
  startedAt: number | null;
  stopped: boolean;
  connected: boolean;
  /** What the player set as the node's onended (the audio thread calls it). */
  onended: (() => void) | null;
};

/**
 * The slice of an AudioContext the player uses, with a clock the test moves, plus timers the test
 * fires: the player's wake-ups are real code paths without real time passing.
 */
export function createFakeAudioContext() {
  const sources: FakeSource[] = [];
  const pending = new Map<number, () => void>();
  let nextTimer = 1;
  const fake = {
    currentTime: 0,
    state: 'running' as AudioContextState,
    destination: {} as AudioDestinationNode,
    resumed: 0,
    /** False: resume() leaves the context suspended, as a browser does before any user gesture. */
    resumeAllowed: true,
    onstatechange: null as (() => void) | null,
    createBuffer(_channels: number, length: number, sampleRate: number) {
      const buffer = { length, sampleRate, samples: new Float32Array(length), duration: length / sampleRate };
      return { ...buffer, copyToChannel: (data: Float32Array) => buffer.samples.set(data), get samples() { return buffer.samples; } };
    },
    createBufferSource() {
      const source: FakeSource = { buffer: null, startedAt: null, stopped: false, connected: false, onended: null };
      sources.push(source);
      return {
        set buffer(value: FakeSource['buffer']) {
          source.buffer = value;
        },
        set onended(value: (() => void) | null) {
          source.onended = value;
        },
        connect: () => void (source.connected = true),
        disconnect: () => void (source.connected = false),
        start: (when: number) => void (source.startedAt = when),
        stop: () => void (source.stopped = true),
      };
    },
    resume: async () => {
      fake.resumed += 1;
      if (fake.resumeAllowed) fake.setState('running');
    },
    setState(state: AudioContextState) {
      if (fake.state === state) return;
      fake.state = state;
      fake.onstatechange?.();
    },
    close: async () => {
      fake.state = 'closed';
    },
  };
  return {
    context: fake as unknown as PlayerAudioContext,
    fake,
    sources,
    setTimer: (run: () => void) => {
      const id = nextTimer++;
      pending.set(id, run);
      return id;
    },
    clearTimer: (id: unknown) => void pending.delete(id as number),
    /** Moves the context clock to `s` and fires the player's pending wake-ups. */
    at(s: number) {
      fake.currentTime = s;
      for (const [id, run] of [...pending]) {
        pending.delete(id);
        run();
      }
    },
    pendingTimers: () => pending.size,
  };
}

/** Base64 of `count` PCM16 samples of value `value`. */
export function pcm16Base64(count: number, value = 1000): string {
  const bytes = new Uint8Array(count * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) view.setInt16(i * 2, value, true);
  return Buffer.from(bytes).toString('base64');
}
