import type { Page } from 'playwright-core';

// What the page's Web Audio really did, read from inside Chromium: every AudioBufferSourceNode's
// scheduled start and its stop, on the page's wall clock (performance.timeOrigin + now(), epoch
// ms, comparable with the host's clock on the same machine), and when the user pressed a key.

export type SourceRecord = {
  id: number;
  /** When start() was called and when the audio is scheduled to sound, epoch ms. */
  startCalledAt: number;
  soundsAt: number;
  durationMs: number;
  /** When stop() was called, epoch ms; null while it plays or once it ended by itself. */
  stoppedAt: number | null;
};

export type AudioProbe = { sources: SourceRecord[]; keys: { key: string; at: number }[]; contextStates: string[] };

/** Installs the probe before any page script runs; read it with `readAudioProbe`. */
export async function installAudioProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const wall = () => performance.timeOrigin + performance.now();
    const probe: AudioProbe = { sources: [], keys: [], contextStates: [] };
    (window as unknown as { __audioProbe: AudioProbe }).__audioProbe = probe;
    window.addEventListener('keydown', (event) => probe.keys.push({ key: event.key, at: wall() }), true);
    const proto = AudioBufferSourceNode.prototype;
    const start = proto.start;
    const stop = proto.stop;
    const records = new WeakMap<AudioBufferSourceNode, SourceRecord>();
    proto.start = function (this: AudioBufferSourceNode, when?: number, offset?: number, duration?: number) {
      const context = this.context as AudioContext;
      const now = wall();
      const record: SourceRecord = {
        id: probe.sources.length,
        startCalledAt: now,
        soundsAt: now + Math.max(0, (when ?? 0) - context.currentTime) * 1000,
        durationMs: (this.buffer?.duration ?? 0) * 1000,
        stoppedAt: null,
      };
      probe.sources.push(record);
      records.set(this, record);
      probe.contextStates.push(context.state);
      return start.call(this, when, offset, duration);
    } as typeof proto.start;
    proto.stop = function (this: AudioBufferSourceNode, when?: number) {
      const record = records.get(this);
      if (record && record.stoppedAt === null) record.stoppedAt = wall();
      return stop.call(this, when);
    } as typeof proto.stop;
  });
}

export const readAudioProbe = (page: Page): Promise<AudioProbe> => page.evaluate(() => (window as unknown as { __audioProbe: AudioProbe }).__audioProbe);

/** Epoch ms on the page's clock. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.timeOrigin + performance.now());

/** Whether `source` was sounding (scheduled, started, not yet stopped or ended) at `at`. */
export const soundingAt = (source: SourceRecord, at: number): boolean =>
  source.soundsAt <= at && at < source.soundsAt + source.durationMs && (source.stoppedAt === null || source.stoppedAt > at);
