import { describe, expect, it } from 'vitest';
import { chunkSent, cleared, heardMs, initialHeardAudio, markReturned, playedChunks, type HeardAudio } from './heard-audio.ts';

const sendAll = (chunks: [string, number, number][]): HeardAudio => chunks.reduce((state, [id, duration, at]) => chunkSent(state, id, duration, at), initialHeardAudio());

describe('what the caller heard, from the marks', () => {
  it('counts the chunks whose marks came back, and the one playing for as long as it has played', () => {
    let state = sendAll([['a', 1000, 0], ['b', 1000, 20], ['c', 1000, 40]]);
    state = markReturned(state, 'a', 1000).state;
    expect(heardMs(state, 1400)).toBe(1400);
    expect(playedChunks(state)).toEqual(['a']);
  });

  it('after a clear, ignores the marks the carrier gives back for the audio it dropped', () => {
    let state = sendAll([['a', 1000, 0], ['b', 1000, 20], ['c', 1000, 40]]);
    state = markReturned(state, 'a', 1000).state;
    state = cleared(state, 1300);
    const late = markReturned(state, 'c', 1310);
    expect(late.played).toBe(false);
    expect(heardMs(late.state, 5000)).toBe(1300);
    expect(playedChunks(late.state)).toEqual(['a']);
  });

  it('keeps everything that played when the clear comes after all the audio was delivered and heard', () => {
    // The known peer bug: a clear sent after the last mark came back must not lose the record.
    let state = sendAll([['a', 1000, 0], ['b', 500, 20]]);
    state = markReturned(state, 'a', 1000).state;
    state = markReturned(state, 'b', 1500).state;
    state = cleared(state, 2000);
    expect(heardMs(state, 9000)).toBe(1500);
    expect(playedChunks(state)).toEqual(['a', 'b']);
  });

  it('a mark stands for the audio queued before it: earlier chunks whose marks were lost count as played', () => {
    let state = sendAll([['a', 1000, 0], ['b', 1000, 20]]);
    state = markReturned(state, 'b', 2000).state;
    expect(playedChunks(state)).toEqual(['a', 'b']);
    expect(heardMs(state, 2000)).toBe(2000);
  });

  it('a chunk sent after the one before it finished starts playing when it was sent', () => {
    let state = sendAll([['a', 500, 0]]);
    state = markReturned(state, 'a', 500).state;
    state = chunkSent(state, 'b', 1000, 3000);
    expect(heardMs(state, 3200)).toBe(700);
  });

  it('ignores marks it never sent, and chunks sent after the clear', () => {
    let state = sendAll([['a', 1000, 0]]);
    expect(markReturned(state, 'zzz', 10).played).toBe(false);
    state = cleared(state, 100);
    state = chunkSent(state, 'b', 1000, 200);
    expect(state.chunks.map((chunk) => chunk.chunkId)).toEqual(['a']);
  });
});
