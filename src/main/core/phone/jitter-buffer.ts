// A small jitter buffer for a call's RTP audio: packets in any order (and some twice, some never),
// 20 ms frames out in sequence order. It holds `depth` frames before it starts playing, so a packet
// up to that late still lands in its place; a frame still missing when its turn comes is played as
// silence (counted as lost), and a packet that comes after its turn is dropped (counted as late).
// Sequence numbers are 16 bits and wrap (RFC 3550); time is the caller's: pull one frame per 20 ms.

export interface JitterPacket {
  sequence: number;
  payload: Uint8Array;
}

export interface JitterStats {
  received: number;
  lost: number;
  late: number;
  duplicates: number;
}

export interface JitterBuffer {
  push(packet: JitterPacket): void;
  /** The next frame in order: its payload, null for a lost one (play silence), undefined while filling or empty. */
  pull(): Uint8Array | null | undefined;
  stats(): JitterStats;
}

const SEQUENCE_SPAN = 65_536;
/** A jump bigger than this is a new stream (the peer restarted), not reordering. */
const MAX_GAP = 3000;

/** b - a in sequence space, -32768..32767. */
const sequenceDelta = (a: number, b: number) => ((((b - a) % SEQUENCE_SPAN) + SEQUENCE_SPAN + 32_768) % SEQUENCE_SPAN) - 32_768;

export function createJitterBuffer(depth = 3): JitterBuffer {
  const waiting = new Map<number, Uint8Array>();
  /** The sequence number to play next; null before the first packet. */
  let next: number | null = null;
  let filling = true;
  const stats: JitterStats = { received: 0, lost: 0, late: 0, duplicates: 0 };

  return {
    push({ sequence, payload }) {
      stats.received += 1;
      if (next === null) next = sequence;
      const ahead = sequenceDelta(next, sequence);
      if (Math.abs(ahead) > MAX_GAP) {
        // A new stream: start over from it.
        waiting.clear();
        next = sequence;
        filling = true;
      } else if (ahead < 0) {
        stats.late += 1;
        return;
      }
      if (waiting.has(sequence)) {
        stats.duplicates += 1;
        return;
      }
      waiting.set(sequence, payload);
      if (filling && waiting.size >= depth) filling = false;
    },
    pull() {
      if (next === null || filling) return undefined;
      if (waiting.size === 0) {
        // Ran dry: fill up again before playing on (the peer paused, or silence suppression).
        filling = true;
        return undefined;
      }
      const payload = waiting.get(next);
      waiting.delete(next);
      next = (next + 1) % SEQUENCE_SPAN;
      if (payload === undefined) {
        stats.lost += 1;
        return null;
      }
      return payload;
    },
    stats: () => ({ ...stats }),
  };
}
