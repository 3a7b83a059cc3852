import { connect } from 'node:net';
import WebSocket from 'ws';

// Tools for throwing hostile input at a host on loopback: raw HTTP, a seeded random source, and a
// WebSocket client that records every reply and event.

/** mulberry32: a small seeded generator, so a failing probe can be replayed from its seed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    bytes: (length: number) => Buffer.from(Array.from({ length }, () => int(256))),
    /** Printable ASCII with the characters parsers trip on mixed in. */
    text: (length: number) => Array.from({ length }, () => String.fromCharCode(int(100) < 8 ? int(32) : 32 + int(95))).join(''),
  };
}

/** Sends `text` as it is and resolves with everything the server sent back before closing (or a timeout). */
export function rawHttp(port: number, text: string | Buffer, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => resolve(received));
    socket.on('close', () => resolve(received));
    socket.setTimeout(timeoutMs, () => socket.destroy());
  });
}

export interface RecordingSocket {
  socket: WebSocket;
  /** Every message the host sent, parsed (binary and unparsable ones as null). */
  messages: ({ type?: string; id?: unknown; event?: string; payload?: Record<string, unknown>; result?: { ok: boolean; error?: { code: string } } } | null)[];
  raw: string[];
  replies: () => number;
  closed: Promise<number>;
}

export async function recordingSocket(url: string, headers: Record<string, string> = {}): Promise<RecordingSocket> {
  const socket = new WebSocket(url, { headers });
  const messages: RecordingSocket['messages'] = [];
  const raw: string[] = [];
  socket.on('message', (data) => {
    const text = data.toString();
    raw.push(text);
    try {
      messages.push(JSON.parse(text));
    } catch {
      messages.push(null);
    }
  });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, messages, raw, replies: () => messages.filter((m) => m?.type === 'reply').length, closed };
}

/** Resident memory of a process, MB (Linux). */
export async function residentMb(pid: number): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN) / 1024;
}
