import { describe, expect, it } from 'vitest';
import { initialWakeGateState, stepWakeGate, WAKE_FOLLOW_MS, type WakeInput } from './wake-gate.ts';
import { withoutWakePhrase } from './wake-phrase-text.ts';

function run(inputs: WakeInput[]) {
  let state = initialWakeGateState();
  const events: string[] = [];
  const withPhrase: string[] = [];
  let heard = 0;
  for (const input of inputs) {
    const step = stepWakeGate(state, input);
    state = step.state;
    events.push(...step.output.events.map((event) => (event.type === 'speech_ended' ? `ended:${event.utteranceId}` : event.type)));
    withPhrase.push(...step.output.withPhrase);
    if (step.output.heard) heard += 1;
  }
  return { events, withPhrase, heard, state };
}

const ended = (atMs: number, utteranceId: string) => ({ type: 'speech_ended' as const, atMs, utteranceId, durationMs: 1500 });

describe('wake gate', () => {
  it('passes nothing of speech without the phrase', () => {
    const { events, heard } = run([{ type: 'speech_started', atMs: 0 }, ended(2000, 'u1'), { type: 'speech_started', atMs: 5000 }, ended(7000, 'u2')]);
    expect(events).toEqual([]);
    expect(heard).toBe(0);
  });

  it('passes speech in which the phrase was heard, from the moment it was heard, and marks its transcript to be cleaned', () => {
    const { events, withPhrase, heard } = run([{ type: 'speech_started', atMs: 0 }, { type: 'wake', atMs: 700 }, ended(2500, 'u1')]);
    expect(events).toEqual(['speech_started', 'ended:u1']);
    expect(withPhrase).toEqual(['u1']);
    expect(heard).toBe(1);
  });

  it('after the phrase said alone, passes the next speech that starts in time, and only that one', () => {
    const { events, withPhrase } = run([
      { type: 'speech_started', atMs: 0 },
      { type: 'wake', atMs: 700 },
      ended(1200, 'u1'),
      { type: 'speech_started', atMs: 3000 },
      ended(5000, 'u2'),
      { type: 'speech_started', atMs: 6000 },
      ended(7000, 'u3'),
    ]);
    expect(events).toEqual(['speech_started', 'ended:u1', 'speech_started', 'ended:u2']);
    expect(withPhrase).toEqual(['u1']);
  });

  it('passes the question even when it starts before the transcript of the phrase comes back', () => {
    // A slow recogniser: "Hey Jarvis." ends at 1200, the question starts at 1500, the empty
    // transcript of the phrase comes at 2500.
    const { events } = run([{ type: 'speech_started', atMs: 0 }, { type: 'wake', atMs: 700 }, ended(1200, 'u1'), { type: 'speech_started', atMs: 1500 }, ended(3500, 'u2')]);
    expect(events).toEqual(['speech_started', 'ended:u1', 'speech_started', 'ended:u2']);
  });

  it('stops waiting once the utterance with the phrase turns out to hold the question', () => {
    const { events } = run([
      { type: 'speech_started', atMs: 0 },
      { type: 'wake', atMs: 700 },
      ended(2500, 'u1'),
      { type: 'question_heard', atMs: 3000 },
      { type: 'speech_started', atMs: 4000 },
      ended(5000, 'u2'),
    ]);
    expect(events).toEqual(['speech_started', 'ended:u1']);
  });

  it('stops waiting for the question once the follow-up time is over', () => {
    const { events } = run([
      { type: 'speech_started', atMs: 0 },
      { type: 'wake', atMs: 700 },
      ended(1200, 'u1'),
      { type: 'speech_started', atMs: 1200 + WAKE_FOLLOW_MS + 1 },
      ended(1200 + WAKE_FOLLOW_MS + 2000, 'u2'),
    ]);
    expect(events).toEqual(['speech_started', 'ended:u1']);
  });

  it('a second detection inside the same speech is not a second start', () => {
    const { events } = run([{ type: 'speech_started', atMs: 0 }, { type: 'wake', atMs: 700 }, { type: 'wake', atMs: 2800 }, ended(3500, 'u1')]);
    expect(events).toEqual(['speech_started', 'ended:u1']);
  });
});

describe('the wake phrase taken off a transcript', () => {
  it.each([
    ['Hey Jarvis, what time is it?', 'What time is it?'],
    ['Hey, Jarvis. What time is it?', 'What time is it?'],
    ['hey jervis what is 2 plus 2', 'What is 2 plus 2'],
    ['Jarvis, set a timer for 5 minutes.', 'Set a timer for 5 minutes.'],
    ['Okay hey Jarvis! Tell me a joke', 'Tell me a joke'],
    ['Hey Jarvis.', ''],
    ['What time is it?', 'What time is it?'],
    ['Tell Jarvis hello', 'Tell Jarvis hello'],
  ])('%s -> %s', (transcript, expected) => {
    expect(withoutWakePhrase(transcript, 'Hey Jarvis')).toBe(expected);
  });

  it('works for a one-word phrase', () => {
    expect(withoutWakePhrase('Alexa, what is the weather in Paris?', 'Alexa')).toBe('What is the weather in Paris?');
  });
});
