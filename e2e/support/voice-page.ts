import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { speak, toWavFile, withSilence } from '../../src/main/adapters/testing/speech-fixtures.ts';
import { decodeAudioFrame } from '../../src/shared/ws-protocol.ts';
import type { HeadlessProcess } from './headless-process.ts';

// Shared by the specs that drive the page's voice loop: the fake capture file, what crosses the
// page's WebSocket, and the suite's voice figures.

export const VOICE_METRICS_PATH = 'test-results/voice-metrics.json';

/** Merged into the suite's figures: other specs write their own keys there. */
export function recordMetrics(figures: Record<string, number>, path = VOICE_METRICS_PATH): void {
  mkdirSync(dirname(path), { recursive: true });
  const before = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(path, `${JSON.stringify({ ...before, ...figures }, null, 2)}\n`);
}

/** `text` spoken by espeak-ng at 48 kHz (Chromium's capture rate) between silences, as a WAV for --use-file-for-fake-audio-capture. */
export async function writeSpeechWav(path: string, text: string, padding: { beforeMs: number; afterMs: number }): Promise<void> {
  const spoken = withSilence(await speak(text, { sampleRate: 48_000 }), padding);
  await toWavFile(path, spoken.audio);
}

/** The flags that give headless Chromium a microphone playing `wav` (looped) and audio that plays unprompted. */
export const fakeMicrophoneArgs = (wav: string): string[] => [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-audio-capture=${wav}`,
  '--autoplay-policy=no-user-gesture-required',
];

export type WireFrame = {
  type?: string;
  method?: string;
  event?: string;
  params?: Record<string, unknown>;
  payload?: Record<string, unknown>;
};

export function parseFrame(payload: string | Buffer): WireFrame | null {
  try {
    return JSON.parse(payload.toString()) as WireFrame;
  } catch {
    return null;
  }
}

/** A binary microphone frame, logged as the `voiceAudio` request it is (`pcmBytes` in place of the samples). */
function audioFrame(payload: Buffer): WireFrame | null {
  const decoded = decodeAudioFrame(payload);
  if (!decoded.ok) return null;
  const { sessionId, pcm16 } = decoded.frame;
  return { type: 'binary', method: 'voiceAudio', params: { sessionId, pcmBytes: pcm16.length } };
}

/** A frame seen on the page's WebSocket, stamped with this process's performance.now(). */
export type SeenFrame = { at: number; frame: WireFrame };

export type SocketLog = {
  /** Requests the page sent. */
  sent: SeenFrame[];
  /** Events the host pushed (replies are left out). */
  received: SeenFrame[];
};

/** Records every request and pushed event on the page's WebSocket(s) from now on. */
export function watchSocket(page: Page): SocketLog {
  const log: SocketLog = { sent: [], received: [] };
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const frame = typeof payload === 'string' ? parseFrame(payload) : audioFrame(payload);
      if (frame?.method) log.sent.push({ at: performance.now(), frame });
    });
    socket.on('framereceived', ({ payload }) => {
      const frame = parseFrame(payload);
      if (frame?.event) log.received.push({ at: performance.now(), frame });
    });
  });
  return log;
}

export type VoiceNotice = { kind: string; runId?: string | null; phase?: string; text?: string; final?: boolean; message?: string };

export const voiceNotices = (log: SocketLog): (VoiceNotice & { at: number })[] =>
  log.received
    .filter(({ frame }) => frame.event === 'voice')
    .map(({ at, frame }) => ({ at, ...((frame.payload?.notice ?? { kind: 'unknown' }) as VoiceNotice) }));

export const pushedEvents = (log: SocketLog, event: string) =>
  log.received.filter(({ frame }) => frame.event === event).map(({ at, frame }) => ({ at, payload: frame.payload ?? {} }));

export const sentRequests = (log: SocketLog, method: string) =>
  log.sent.filter(({ frame }) => frame.method === method).map(({ at, frame }) => ({ at, params: frame.params ?? {} }));

/** Root mean square of base64 PCM16 LE samples, in sample units (full scale 32768). */
export function pcm16Rms(base64: string): number {
  const bytes = Buffer.from(base64, 'base64');
  const count = Math.floor(bytes.length / 2);
  if (count === 0) return 0;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const sample = bytes.readInt16LE(i * 2);
    sum += sample * sample;
  }
  return Math.sqrt(sum / count);
}

/** One request to the host on a WebSocket of its own, opened from the page (same origin, with the access token). */
export async function requestFromPage<T>(page: Page, host: HeadlessProcess, method: string, params: unknown): Promise<T> {
  const reply = await page.evaluate(
    ({ socketUrl, method, params }) =>
      new Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>((resolve, reject) => {
        const socket = new WebSocket(socketUrl);
        const timer = setTimeout(() => reject(new Error(`no reply to ${method} in 10 s`)), 10_000);
        socket.onopen = () => socket.send(JSON.stringify({ type: 'request', id: 'e2e-1', method, params }));
        socket.onmessage = (message) => {
          const data = JSON.parse(String(message.data)) as { type: string; id?: unknown; result?: { ok: boolean; value?: unknown; error?: { message: string } } };
          if (data.type !== 'reply' || data.id !== 'e2e-1' || !data.result) return;
          clearTimeout(timer);
          socket.close();
          resolve(data.result);
        };
        socket.onerror = () => reject(new Error(`WebSocket error during ${method}`));
      }),
    { socketUrl: host.socketUrl, method, params },
  );
  if (!reply.ok) throw new Error(`${method} failed: ${reply.error?.message ?? 'unknown error'}`);
  return reply.value as T;
}
