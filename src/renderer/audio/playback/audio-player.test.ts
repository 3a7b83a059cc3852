import { describe, expect, it } from 'vitest';
import { createFakeAudioContext, pcm16Base64 } from '../../testing/fake-audio-context.ts';
import { createAudioPlayer } from './audio-player.ts';
import { decodePcm16Base64 } from './pcm16-decode.ts';

function setup(prepare: (audio: ReturnType<typeof createFakeAudioContext>) => void = () => {}, createContext?: () => never) {
  const audio = createFakeAudioContext();
  prepare(audio);
  const events: string[] = [];
  const player = createAudioPlayer({
    createContext: createContext ?? (() => audio.context),
    setTimer: audio.setTimer,
    clearTimer: audio.clearTimer,
    progressEveryMs: 250,
    events: {
      started: (runId, chunkId, heardMs) => events.push(`started ${runId}/${chunkId} ${Math.round(heardMs)}`),
      ended: (runId, chunkId, heardMs) => events.push(`ended ${runId}/${chunkId} ${Math.round(heardMs)}`),
      progress: (runId, chunkId, heardMs) => events.push(`progress ${runId}/${chunkId} ${Math.round(heardMs)}`),
      cannotPlay: (runId, problem) => events.push(`cannot play ${runId}: ${problem.kind}`),
      canPlay: () => events.push('can play'),
    },
  });
  return { audio, events, player };
}

describe('createAudioPlayer when the page cannot play', () => {
  it('says once that the browser keeps sound off, drops the audio, and says when sound works again', () => {
    const { audio, events, player } = setup((fake) => {
      fake.fake.state = 'suspended';
      fake.fake.resumeAllowed = false;
    });
    player.enqueue({ runId: 'r1', chunkId: 'a', sampleRate: 16_000, pcm16: pcm16Base64(8_000) });
    expect(events).toEqual([]);
    // The context clock stands still while suspended: only the check fires.
    audio.at(0);
    expect(events).toEqual(['cannot play r1: blocked']);
    expect(audio.sources[0]!.stopped).toBe(true);
    expect(player.isPlaying()).toBe(false);
    // Known blocked: the next run's audio is refused at once.
    player.enqueue({ runId: 'r2', chunkId: 'a', sampleRate: 16_000, pcm16: pcm16Base64(800) });
    expect(events).toEqual(['cannot play r1: blocked', 'cannot play r2: blocked']);

    // A click in the page: the context runs, and the next answer plays.
    audio.fake.resumeAllowed = true;
    player.unlock();
    expect(events.at(-1)).toBe('can play');
    player.enqueue({ runId: 'r3', chunkId: 'a', sampleRate: 16_000, pcm16: pcm16Base64(800) });
    audio.at(0.04);
    expect(events).toContain('started r3/a 0');
  });

  it('says so when no sound output can be opened', () => {
    const { events, player } = setup(undefined, () => {
      throw new Error('NotSupportedError: no audio device');
    });
    player.enqueue({ runId: 'r1', chunkId: 'a', sampleRate: 16_000, pcm16: pcm16Base64(800) });
    expect(events).toEqual(['cannot play r1: no_output']);
  });

  it("reports a chunk's end from the audio thread's own event when the page's timers are throttled", () => {
    const { audio, events, player } = setup();
    player.enqueue({ runId: 'r1', chunkId: 'a', sampleRate: 16_000, pcm16: pcm16Base64(1_600) });
    // No timer fires (a hidden tab); the node's end event still moves the schedule on.
    audio.fake.currentTime = 0.2;
    audio.sources[0]!.onended!();
    expect(events.map((event) => event.split(' ')[0])).toEqual(['started', 'ended']);
    expect(events.at(-1)).toBe('ended r1/a 100');
  });
});

describe('decodePcm16Base64', () => {
  it('turns little-endian PCM16 into floats in [-1, 1)', () => {
    const bytes = Buffer.from([0x00, 0x80, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x40, 0x7f]);
    expect([...decodePcm16Base64(bytes.toString('base64'))]).toEqual([-1, 32767 / 32768, 0, 0.5]);
  });
});

describe('createAudioPlayer', () => {
  it('schedules chunks of any rate back to back and reports start, progress and end', () => {
    const { audio, events, player } = setup();
    audio.fake.currentTime = 1;
    player.enqueue({ runId: 'r1', chunkId: 'a', sampleRate: 24_000, pcm16: pcm16Base64(12_000) });
    player.enqueue({ runId: 'r1', chunkId: 'b', sampleRate: 16_000, pcm16: pcm16Base64(4_000) });
    expect(audio.sources.map((s) => [s.startedAt, s.buffer?.sampleRate, s.buffer?.length])).toEqual([
      [1.04, 24_000, 12_000],
      [1.54, 16_000, 4_000],
    ]);
    expect(audio.sources[0]!.buffer!.samples[0]).toBeCloseTo(1000 / 32768, 8);
    expect(player.isPlaying()).toBe(true);

    audio.at(1.04);
    audio.at(1.34);
    audio.at(1.54);
    audio.at(1.79);
    expect(events).toEqual([
      'started r1/a 0',
      'progress r1/a 0',
      'progress r1/a 300',
      'ended r1/a 500',
      'started r1/b 500',
      'ended r1/b 750',
    ]);
    expect(player.isPlaying()).toBe(false);
    expect(player.heardMs('r1')).toBeCloseTo(750, 6);
  });

  it('stops every source at once and keeps what was heard for a resume', () => {
    const { audio, events, player } = setup();
    player.enqueue({ runId: 'r1', chunkId: 'a', sampleRate: 16_000, pcm16: pcm16Base64(8_000) });
    player.enqueue({ runId: 'r1', chunkId: 'b', sampleRate: 16_000, pcm16: pcm16Base64(8_000) });
    audio.at(0.24);
    const result = player.stop();
    expect(result).toEqual({ stopped: 2, heardMs: expect.closeTo(200, 6) });
    expect(audio.sources.every((s) => s.stopped && !s.connected)).toBe(true);
    expect(player.isPlaying()).toBe(false);
    expect(audio.pendingTimers()).toBe(0);

    // Nothing more is reported for the stopped chunks, and a resumed chunk adds to the run's total.
    audio.at(3);
    player.enqueue({ runId: 'r1', chunkId: 'b', sampleRate: 16_000, pcm16: pcm16Base64(1_600) });
    expect(audio.sources[2]!.startedAt).toBeCloseTo(3.04, 10);
    audio.at(3.2);
    expect(events.filter((e) => e.startsWith('ended'))).toEqual(['ended r1/b 300']);
  });

  it('stops only the named run', () => {
    const { audio, player } = setup();
    player.enqueue({ runId: 'old', chunkId: 'a', sampleRate: 16_000, pcm16: pcm16Base64(1_600) });
    player.enqueue({ runId: 'new', chunkId: 'b', sampleRate: 16_000, pcm16: pcm16Base64(1_600) });
    expect(player.stop('old').stopped).toBe(1);
    expect(audio.sources.map((s) => s.stopped)).toEqual([true, false]);
    expect(player.currentRunId()).toBe('new');
  });

  it('resumes a suspended context when unlocked', () => {
    const { audio, player } = setup();
    audio.fake.state = 'suspended';
    player.unlock();
    expect(audio.fake.resumed).toBe(1);
  });
});
