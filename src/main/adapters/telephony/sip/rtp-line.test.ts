import { createSocket, type Socket } from 'node:dgram';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeTelephoneEvent } from '../../../core/phone/telephone-events.ts';
import { encodeMuLaw } from '../../audio/mulaw.ts';
import type { CallAudioSink } from '../call-line.ts';
import { openRtpLine, type RtpLine } from './rtp-line.ts';
import { readRtp, writeRtp } from './rtp-packets.ts';
import { waitUntil } from '../../../testing/wait-until.ts';

// One call's RTP on real sockets: audio only from the address the offer gave, digits from RFC 4733
// events, the assistant's speech out as 20 ms PCMU packets with running sequence and timestamp.

const sockets: Socket[] = [];
let line: RtpLine | undefined;
afterEach(() => {
  line?.close();
  line = undefined;
  for (const socket of sockets.splice(0)) socket.close();
});

async function peer(): Promise<{ socket: Socket; port: number; received: Buffer[] }> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  const received: Buffer[] = [];
  socket.on('message', (datagram) => received.push(datagram));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { socket, port: socket.address().port, received };
}

function recordingSink() {
  const heard = { samples: 0, digits: [] as string[] };
  const sink: CallAudioSink = {
    audio: (samples) => void (heard.samples += samples.length),
    dtmf: (digit) => void heard.digits.push(digit),
    playbackStarted: () => undefined,
    playbackProgress: () => undefined,
    playbackEnded: () => undefined,
    ended: () => undefined,
  };
  return { heard, sink };
}

const tone = () => encodeMuLaw(Int16Array.from({ length: 160 }, (_, i) => Math.round(6000 * Math.sin(i / 3))));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const offer = (port: number) => ({ address: '127.0.0.1', port, pcmuPayloadType: 0, telephoneEventPayloadType: 101, onHold: false, ptimeMs: 20 });
const timers = { now: () => Date.now(), setTimer: (fn: () => void, ms: number) => { const t = setTimeout(fn, ms); return () => clearTimeout(t); } };

describe('an RTP line', () => {
  it('takes audio only from the negotiated address and port, and RFC 4733 digits once each', async () => {
    const caller = await peer();
    const stranger = await peer();
    line = await openRtpLine({ bindAddress: '127.0.0.1', logger: pino({ level: 'silent' }), ...timers });
    line.setRemote(offer(caller.port));
    const { heard, sink } = recordingSink();
    line.attach(sink);

    for (let sequence = 0; sequence < 20; sequence++) stranger.socket.send(writeRtp({ payloadType: 0, sequence, timestamp: sequence * 160, ssrc: 7, marker: false, payload: tone() }), line.port(), '127.0.0.1');
    await pause(300);
    expect(heard.samples).toBe(0);
    expect(line.stats().refused).toBe(20);

    for (let sequence = 0; sequence < 20; sequence++) caller.socket.send(writeRtp({ payloadType: 0, sequence, timestamp: sequence * 160, ssrc: 9, marker: false, payload: tone() }), line.port(), '127.0.0.1');
    await waitUntil(() => heard.samples > 0, 'the caller\'s audio', 3000);
    expect(heard.samples).toBeGreaterThan(0);

    // Key 5 held for three packets, its end sent three times (RFC 4733 §2.5.1.4).
    const events = [false, false, false, true, true, true].map((end, index) => encodeTelephoneEvent({ digit: '5', end, volume: 10, duration: (index + 1) * 160 }));
    for (const [index, payload] of events.entries()) caller.socket.send(writeRtp({ payloadType: 101, sequence: 100 + index, timestamp: 99_000, ssrc: 9, marker: index === 0, payload }), line.port(), '127.0.0.1');
    await waitUntil(() => heard.digits.length > 0, 'the digit', 3000);
    await pause(50);
    expect(heard.digits).toEqual(['5']);
  });

  it('speaks as 20 ms PCMU packets, one sequence and timestamp step apart, and sends nothing while the caller holds', async () => {
    const caller = await peer();
    line = await openRtpLine({ bindAddress: '127.0.0.1', logger: pino({ level: 'silent' }), ...timers });
    line.setRemote(offer(caller.port));
    line.attach(recordingSink().sink);
    line.play('run-1', { samples: new Int16Array(8000 * 0.2).fill(3000), sampleRate: 8000 }, 'chunk-1');
    await waitUntil(() => caller.received.length >= 10, 'ten packets', 3000);
    const packets = caller.received.map((datagram) => readRtp(datagram)!);
    expect(packets).toHaveLength(10);
    expect(packets.every((packet) => packet.payloadType === 0 && packet.payload.length === 160)).toBe(true);
    expect(packets[0]!.marker).toBe(true);
    for (let index = 1; index < packets.length; index++) {
      expect((packets[index]!.sequence - packets[index - 1]!.sequence + 65_536) % 65_536).toBe(1);
      expect(packets[index]!.timestamp - packets[index - 1]!.timestamp).toBe(160);
    }
    await line.whenQuiet(2000);

    line.setRemote({ ...offer(caller.port), onHold: true });
    caller.received.length = 0;
    line.play('run-2', { samples: new Int16Array(1600).fill(3000), sampleRate: 8000 }, 'chunk-2');
    await pause(300);
    expect(caller.received).toHaveLength(0);
  });
});
