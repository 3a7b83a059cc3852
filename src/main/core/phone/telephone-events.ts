// RFC 4733 telephone-events (DTMF over RTP): each event is sent as several packets of one RTP
// timestamp while the key is held, the last ones with the End bit, the end usually three times.
// A digit counts once, when its first End packet arrives (or, if every End was lost, when the next
// event starts).

/** Event codes 0-15 (RFC 4733 §3.2): 0-9, *, #, A-D. */
const DIGITS = '0123456789*#ABCD';

export interface TelephoneEvent {
  digit: string;
  end: boolean;
  /** 0 (loudest) to 63, -dBm0. */
  volume: number;
  /** In RTP timestamp units (8 kHz samples). */
  duration: number;
}

/** The 4-byte payload, or null for an event that is not a DTMF digit or a payload too short. */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | null {
  if (payload.length < 4) return null;
  const event = payload[0]!;
  if (event >= DIGITS.length) return null;
  return { digit: DIGITS[event]!, end: (payload[1]! & 0x80) !== 0, volume: payload[1]! & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

export function encodeTelephoneEvent(event: TelephoneEvent): Uint8Array {
  const code = DIGITS.indexOf(event.digit);
  if (code < 0) throw new Error(`not a DTMF digit: ${event.digit}`);
  return Uint8Array.from([code, (event.end ? 0x80 : 0) | (event.volume & 0x3f), (event.duration >> 8) & 0xff, event.duration & 0xff]);
}

/** Digits out of a stream of event packets, each once. */
export function createDigitDetector() {
  /** RTP timestamp of the event in progress, and whether its digit was given. */
  let current: { timestamp: number; digit: string; given: boolean } | null = null;
  return {
    /** The digits this packet completes, in order (usually none or one). */
    push(timestamp: number, payload: Uint8Array): string[] {
      const event = decodeTelephoneEvent(payload);
      if (!event) return [];
      const digits: string[] = [];
      if (!current || current.timestamp !== timestamp) {
        // A new event: one before it whose End packets were all lost still counts.
        if (current && !current.given) digits.push(current.digit);
        current = { timestamp, digit: event.digit, given: false };
      }
      if (event.end && !current.given) {
        current.given = true;
        digits.push(event.digit);
      }
      return digits;
    },
  };
}
