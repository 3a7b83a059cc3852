import { describe, expect, it } from 'vitest';
import { createDigitDetector, decodeTelephoneEvent, encodeTelephoneEvent } from './telephone-events.ts';

describe('RFC 4733 telephone-events', () => {
  it('reads and writes the 4-byte payload', () => {
    const payload = encodeTelephoneEvent({ digit: '#', end: true, volume: 10, duration: 1600 });
    expect([...payload]).toEqual([11, 0x8a, 0x06, 0x40]);
    expect(decodeTelephoneEvent(payload)).toEqual({ digit: '#', end: true, volume: 10, duration: 1600 });
    expect(decodeTelephoneEvent(Uint8Array.from([16, 0, 0, 0]))).toBeNull();
    expect(decodeTelephoneEvent(Uint8Array.from([1, 0]))).toBeNull();
  });

  it('gives each digit once, on its first End packet, though the end is sent three times', () => {
    const detector = createDigitDetector();
    const digits: string[] = [];
    const send = (timestamp: number, digit: string, end: boolean, duration: number) => digits.push(...detector.push(timestamp, encodeTelephoneEvent({ digit, end, volume: 10, duration })));
    for (const duration of [160, 320, 480]) send(1000, '4', false, duration);
    for (let repeat = 0; repeat < 3; repeat++) send(1000, '4', true, 640);
    for (const duration of [160, 320]) send(3000, '2', false, duration);
    send(3000, '2', true, 480);
    expect(digits).toEqual(['4', '2']);
  });

  it('still counts a digit whose End packets were all lost, when the next one starts', () => {
    const detector = createDigitDetector();
    expect(detector.push(1000, encodeTelephoneEvent({ digit: '7', end: false, volume: 10, duration: 160 }))).toEqual([]);
    expect(detector.push(2000, encodeTelephoneEvent({ digit: '8', end: false, volume: 10, duration: 160 }))).toEqual(['7']);
    expect(detector.push(2000, encodeTelephoneEvent({ digit: '8', end: true, volume: 10, duration: 320 }))).toEqual(['8']);
    // A one-packet event right after a lost end: both digits.
    expect(detector.push(3000, encodeTelephoneEvent({ digit: '9', end: false, volume: 10, duration: 160 }))).toEqual([]);
    expect(detector.push(4000, encodeTelephoneEvent({ digit: '0', end: true, volume: 10, duration: 160 }))).toEqual(['9', '0']);
  });
});
