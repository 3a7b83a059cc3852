import { describe, expect, it } from 'vitest';
import {
  advance,
  emptySchedule,
  forgetRun,
  heardMsAt,
  nextEventS,
  placeChunk,
  playingAt,
  stopAt,
  type PlaybackSchedule,
} from './playback-schedule.ts';

const LEAD_S = 0.04;

function queue(durationsS: number[], nowS: number, runId = 'r1', start: PlaybackSchedule = emptySchedule()) {
  let schedule = start;
  durationsS.forEach((durationS, index) => {
    schedule = placeChunk(schedule, { runId, chunkId: `c${index}`, durationS }, nowS, LEAD_S).schedule;
  });
  return schedule;
}

describe('placeChunk', () => {
  it('starts the first chunk one lead from now and each next one where the previous ends', () => {
    const schedule = queue([0.5, 0.25, 1], 10);
    expect(schedule.chunks.map((c) => c.startS)).toEqual([10.04, 10.54, 10.79]);
    expect(schedule.nextStartS).toBeCloseTo(11.79, 10);
  });

  it('keeps chunks gapless when they arrive while earlier ones still play', () => {
    let schedule = queue([0.5], 10);
    // The second chunk arrives 300 ms later, while the first is still playing.
    schedule = placeChunk(schedule, { runId: 'r1', chunkId: 'late', durationS: 0.2 }, 10.3, LEAD_S).schedule;
    expect(schedule.chunks[1]!.startS).toBeCloseTo(10.54, 10);
  });

  it('starts afresh one lead from now after the queue ran dry', () => {
    let schedule = queue([0.1], 10);
    schedule = placeChunk(schedule, { runId: 'r1', chunkId: 'after-gap', durationS: 0.2 }, 12, LEAD_S).schedule;
    expect(schedule.chunks[1]!.startS).toBeCloseTo(12.04, 10);
  });
});

describe('advance', () => {
  it('starts and ends chunks as the clock passes them, counting ended audio as heard', () => {
    const schedule = queue([0.5, 0.25], 0);
    const before = advance(schedule, 0.03);
    expect(before.started).toEqual([]);

    const first = advance(before.schedule, 0.05);
    expect(first.started.map((c) => c.chunkId)).toEqual(['c0']);
    expect(first.ended).toEqual([]);

    const second = advance(first.schedule, 0.6);
    expect(second.ended.map((c) => c.chunkId)).toEqual(['c0']);
    expect(second.started.map((c) => c.chunkId)).toEqual(['c1']);
    expect(second.schedule.chunks.map((c) => c.chunkId)).toEqual(['c1']);
    expect(second.schedule.heardBeforeMs).toEqual({ r1: 500 });
    expect(heardMsAt(second.schedule, 'r1', 0.6)).toBeCloseTo(560, 6);
  });

  it('reports a chunk the clock jumped past as both started and ended', () => {
    const jumped = advance(queue([0.1, 0.1], 0), 5);
    expect(jumped.started.map((c) => c.chunkId)).toEqual(['c0', 'c1']);
    expect(jumped.ended.map((c) => c.chunkId)).toEqual(['c0', 'c1']);
    expect(jumped.transitions.map((t) => `${t.kind} ${t.chunk.chunkId}`)).toEqual([
      'started c0',
      'ended c0',
      'started c1',
      'ended c1',
    ]);
    expect(jumped.schedule.chunks).toEqual([]);
    expect(heardMsAt(jumped.schedule, 'r1', 5)).toBeCloseTo(200, 6);
  });
});

describe('heardMsAt and playingAt', () => {
  it('counts only what has played of each run at the given time', () => {
    let schedule = queue([0.5, 0.5], 0, 'r1');
    schedule = placeChunk(schedule, { runId: 'r2', chunkId: 'x', durationS: 0.5 }, 0, LEAD_S).schedule;
    expect(heardMsAt(schedule, 'r1', 0)).toBe(0);
    expect(heardMsAt(schedule, 'r1', 0.29)).toBeCloseTo(250, 6);
    expect(heardMsAt(schedule, 'r1', 0.79)).toBeCloseTo(750, 6);
    expect(heardMsAt(schedule, 'r1', 9)).toBeCloseTo(1000, 6);
    expect(heardMsAt(schedule, 'r2', 0.79)).toBe(0);
    expect(playingAt(schedule, 0.79)?.chunkId).toBe('c1');
    expect(playingAt(schedule, 1.2)?.runId).toBe('r2');
    expect(playingAt(schedule, 0.01)).toBeUndefined();
  });
});

describe('stopAt', () => {
  it('drops every chunk at once, keeps what was heard and starts the next chunk afresh', () => {
    const schedule = advance(queue([0.5, 0.5, 0.5], 0), 0.3).schedule;
    const { schedule: stopped, stopped: dropped } = stopAt(schedule, null, 0.3);
    expect(dropped.map((c) => c.chunkId)).toEqual(['c0', 'c1', 'c2']);
    expect(stopped.chunks).toEqual([]);
    expect(heardMsAt(stopped, 'r1', 0.3)).toBeCloseTo(260, 6);
    // Time goes on: nothing more counts as heard.
    expect(heardMsAt(stopped, 'r1', 2)).toBeCloseTo(260, 6);
    expect(nextEventS(stopped)).toBeNull();

    // A resumed chunk after the stop starts one lead from then, and adds to the run's total.
    const resumed = placeChunk(stopped, { runId: 'r1', chunkId: 'c0', durationS: 0.24 }, 1, LEAD_S).schedule;
    expect(resumed.chunks[0]!.startS).toBeCloseTo(1.04, 10);
    expect(heardMsAt(resumed, 'r1', 1.14)).toBeCloseTo(360, 6);
  });

  it('stops only the named run and keeps the others where they were', () => {
    let schedule = queue([0.5], 0, 'old');
    schedule = placeChunk(schedule, { runId: 'new', chunkId: 'n0', durationS: 0.5 }, 0, LEAD_S).schedule;
    const { schedule: after, stopped } = stopAt(schedule, 'old', 0.1);
    expect(stopped.map((c) => c.runId)).toEqual(['old']);
    expect(after.chunks.map((c) => [c.chunkId, c.startS])).toEqual([['n0', 0.54]]);
    expect(after.nextStartS).toBeCloseTo(1.04, 10);
  });

  it('stopping before the first chunk starts counts nothing as heard', () => {
    const { schedule } = stopAt(queue([0.5], 0), 'r1', 0.02);
    expect(heardMsAt(schedule, 'r1', 0.02)).toBe(0);
  });
});

describe('nextEventS and forgetRun', () => {
  it('wakes at the next start, then at the end of what plays', () => {
    const schedule = queue([0.5, 0.5], 0);
    expect(nextEventS(schedule)).toBeCloseTo(0.04, 10);
    expect(nextEventS(advance(schedule, 0.1).schedule)).toBeCloseTo(0.54, 10);
  });

  it('forgets the heard total of a run that is over', () => {
    const ended = advance(queue([0.1], 0), 1).schedule;
    expect(heardMsAt(ended, 'r1', 1)).toBeCloseTo(100, 6);
    expect(heardMsAt(forgetRun(ended, 'r1'), 'r1', 1)).toBe(0);
  });
});
