import { describe, expect, it } from 'vitest';
import { initialVoiceState, reduce } from './voice-reducer.ts';
import { actions, feed, notices, ofType, phases, records, segmentAudio, spoken } from './testing/voice-test-kit.ts';

const QUESTION = 'What is the capital of France?';
const ANSWER_1 = 'Paris is the capital of France.';
const ANSWER_2 = 'It has about two million people.';

describe('voice reducer: turns', () => {
  it('runs a full hands-free turn: speech -> transcript -> answer -> speech -> listening', () => {
    const { state, commands } = feed([
      { type: 'speech_started' },
      { type: 'speech_ended', utteranceId: 'u1', durationMs: 900 },
      { type: 'stt_partial', runId: 'run-1', text: 'What is' },
      { type: 'stt_final', runId: 'run-1', text: QUESTION },
      { type: 'turn_chunk', runId: 'run-1', text: `${ANSWER_1} It has`, final: false, agent: 'geo' },
      { type: 'turn_chunk', runId: 'run-1', text: ' about two million people.', final: true, agent: null },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 1800),
      ...segmentAudio('run-1', 'seg-1-2', 'c2', 2000),
    ]);
    expect(actions(commands)).toEqual([
      'transcribe run-1 u1',
      `start_turn run-1 "${QUESTION}"`,
      `synthesize seg-1-1 "${ANSWER_1}"`,
      `synthesize seg-1-2 "${ANSWER_2}"`,
      'play c1',
      'play c2',
    ]);
    expect(phases(commands)).toEqual(['transcribing', 'thinking', 'speaking', 'listening']);
    expect(notices(commands, 'user_transcript')).toEqual([
      { kind: 'user_transcript', runId: 'run-1', text: 'What is', final: false },
      { kind: 'user_transcript', runId: 'run-1', text: QUESTION, final: true },
    ]);
    expect(notices(commands, 'assistant_text')).toEqual([
      { kind: 'assistant_text', runId: 'run-1', text: ANSWER_1, spoken: true },
      { kind: 'assistant_text', runId: 'run-1', text: ANSWER_2, spoken: true },
    ]);
    expect(state.phase).toBe('listening');
    expect(state.run).toBeNull();
    // The exchange is handed over as heard: the whole answer.
    expect(records(commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: `${ANSWER_1} ${ANSWER_2}`, interrupted: false }]);
  });

  it('plays the segment audio in order even when a later segment is synthesized first', () => {
    const { commands, state } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: `${ANSWER_1} ${ANSWER_2}`, final: true, agent: null },
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-2', chunkId: 'b1', durationMs: 900 },
      { type: 'tts_done', runId: 'run-1', segmentId: 'seg-1-2' },
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'a1', durationMs: 500 },
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'a2', durationMs: 500 },
      { type: 'tts_done', runId: 'run-1', segmentId: 'seg-1-1' },
    ]);
    expect(ofType(commands, 'play').map((command) => command.chunkId)).toEqual(['a1', 'a2', 'b1']);
    expect(state.phase).toBe('thinking'); // nothing has started playing yet
  });

  it('does not end the turn before every chunk has played', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: true, agent: null },
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'c1', durationMs: 500 },
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'c2', durationMs: 500 },
      { type: 'tts_done', runId: 'run-1', segmentId: 'seg-1-1' },
      { type: 'playback_started', runId: 'run-1', chunkId: 'c1' },
      { type: 'playback_ended', runId: 'run-1', chunkId: 'c1' },
    ]);
    expect(state.phase).toBe('speaking');
    expect(state.run?.id).toBe('run-1');
    expect(records(commands)).toEqual([]);
  });

  it('runs a push-to-talk turn driven by the key; voice activity does not take turns', () => {
    const { state, commands } = feed(
      [
        { type: 'speech_started' },
        { type: 'speech_ended', utteranceId: 'noise', durationMs: 900 },
        { type: 'talk_pressed' },
        { type: 'speech_started' },
        { type: 'talk_released', utteranceId: 'u1', durationMs: 1200 },
        { type: 'stt_final', runId: 'run-1', text: QUESTION },
        { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: true, agent: null },
        ...segmentAudio('run-1', 'seg-1-1', 'c1', 1800),
      ],
      initialVoiceState('push_to_talk'),
    );
    expect(actions(commands)).toEqual([
      'transcribe run-1 u1',
      `start_turn run-1 "${QUESTION}"`,
      `synthesize seg-1-1 "${ANSWER_1}"`,
      'play c1',
    ]);
    expect(phases(commands)).toEqual(['listening', 'transcribing', 'thinking', 'speaking', 'idle']);
    expect(state.run).toBeNull();
    expect(records(commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: ANSWER_1, interrupted: false }]);
  });

  it('ignores a key tap too short to be an utterance', () => {
    const { state, commands } = feed(
      [{ type: 'talk_pressed' }, { type: 'talk_released', utteranceId: 'u1', durationMs: 40 }],
      initialVoiceState('push_to_talk'),
    );
    expect(actions(commands)).toEqual([]);
    expect(state.phase).toBe('idle');
  });

  it('starts a turn from typed text with the question alone (the history lives with the conversation)', () => {
    const first = feed([
      { type: 'text_input', text: '  What time is it?  ' },
      { type: 'turn_chunk', runId: 'run-1', text: 'It is noon.', final: true, agent: 'clock' },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 900),
    ], initialVoiceState('push_to_talk'));
    expect(notices(first.commands, 'user_transcript')).toEqual([{ kind: 'user_transcript', runId: 'run-1', text: 'What time is it?', final: true }]);
    const second = feed([{ type: 'text_input', text: 'And tomorrow?' }], first.state);
    const start = ofType(second.commands, 'start_turn')[0]!;
    expect(start).toEqual({ type: 'start_turn', runId: 'run-2', query: 'And tomorrow?' });
    expect(records(first.commands)).toEqual([{ runId: 'run-1', query: 'What time is it?', heard: 'It is noon.', interrupted: false }]);
    expect(second.state.phase).toBe('thinking');
  });

  it('switches turn-taking modes', () => {
    const { state, commands } = feed([{ type: 'mode_changed', mode: 'push_to_talk' }]);
    expect(state.mode).toBe('push_to_talk');
    expect(phases(commands)).toEqual(['idle']);
  });

  it('ignores noise that is too short to be an utterance', () => {
    const { state, commands } = feed([{ type: 'speech_started' }, { type: 'speech_ended', utteranceId: 'u1', durationMs: 60 }]);
    expect(actions(commands)).toEqual([]);
    expect(state.run).toBeNull();
  });

  it('returns to listening when the transcript has no words', () => {
    const { state, commands } = feed([...spoken('run-1', 'u1', ' ... ')]);
    expect(ofType(commands, 'start_turn')).toEqual([]);
    expect(state.phase).toBe('listening');
    expect(state.run).toBeNull();
  });

  it('never modifies the state it is given, and is deterministic', () => {
    const start = feed([...spoken('run-1', 'u1', QUESTION), { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: false, agent: null }]).state;
    const frozen = deepFreeze(structuredClone(start));
    const event = { type: 'tts_chunk', atMs: 500, runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'c1', durationMs: 700 } as const;
    const once = reduce(frozen, event);
    expect(reduce(frozen, event)).toEqual(once);
    expect(frozen).toEqual(start);
  });
});

describe('voice reducer: tool calls', () => {
  it('speaks across a tool call: text before the call is spoken while the engine runs it, the run goes on after', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', 'Will it rain in Oslo?'),
      { type: 'turn_chunk', runId: 'run-1', text: 'Let me check the forecast', final: false, agent: null },
      { type: 'tool_started', runId: 'run-1', callId: 'call-1', name: 'weather' },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 1200),
      { type: 'tool_finished', runId: 'run-1', callId: 'call-1', ok: true },
      { type: 'turn_chunk', runId: 'run-1', text: 'Yes, rain is likely tomorrow.', final: true, agent: null },
      ...segmentAudio('run-1', 'seg-1-2', 'c2', 1500),
    ]);
    expect(actions(commands)).toEqual([
      'transcribe run-1 u1',
      'start_turn run-1 "Will it rain in Oslo?"',
      'synthesize seg-1-1 "Let me check the forecast"',
      'play c1',
      'synthesize seg-1-2 "Yes, rain is likely tomorrow."',
      'play c2',
    ]);
    // The audio before the call drained while the tool ran: thinking, not finished.
    expect(phases(commands)).toEqual(['transcribing', 'thinking', 'speaking', 'thinking', 'speaking', 'listening']);
    expect(records(commands).at(-1)).toMatchObject({ heard: 'Let me check the forecast Yes, rain is likely tomorrow.', interrupted: false });
  });

  it('does not finish a run while a tool call is pending', () => {
    const { state } = feed([
      ...spoken('run-1', 'u1', 'Will it rain?'),
      { type: 'turn_chunk', runId: 'run-1', text: 'Checking.', final: false, agent: null },
      { type: 'tool_started', runId: 'run-1', callId: 'call-1', name: 'weather' },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 600),
    ]);
    expect(state.run?.pendingToolCalls).toEqual(['call-1']);
    expect(state.phase).toBe('thinking');
  });

  it('ignores the end of a call it never saw start', () => {
    const { state } = feed([
      ...spoken('run-1', 'u1', 'Will it rain?'),
      { type: 'tool_started', runId: 'run-1', callId: 'call-1', name: 'weather' },
      { type: 'tool_finished', runId: 'run-1', callId: 'call-9', ok: true },
    ]);
    expect(state.run?.pendingToolCalls).toEqual(['call-1']);
  });
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('voice reducer: announcements', () => {
  const DONE = 'Your 10 minute timer is done.';

  it('speaks an announcement at once when idle: no question, nothing recorded', () => {
    const { state, commands } = feed([{ type: 'announce', text: DONE }, ...segmentAudio('run-1', 'seg-1-1', 'c1', 1500)]);
    expect(actions(commands)).toEqual([`synthesize seg-1-1 "${DONE}"`, 'play c1']);
    expect(notices(commands, 'assistant_text')).toEqual([{ kind: 'assistant_text', runId: 'run-1', text: DONE, spoken: true }]);
    expect(records(commands)).toEqual([]);
    expect(state.run).toBeNull();
  });

  it('waits for the exchange going on, then speaks', () => {
    const { commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'announce', text: DONE },
      { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: true, agent: null },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 1500),
      ...segmentAudio('run-2', 'seg-2-1', 'c2', 1500),
    ]);
    expect(actions(commands).filter((action) => action.startsWith('synthesize'))).toEqual([`synthesize seg-1-1 "${ANSWER_1}"`, `synthesize seg-2-1 "${DONE}"`]);
    expect(records(commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: ANSWER_1, interrupted: false }]);
  });
});

describe('voice reducer: what cuts an answer off', () => {
  const TIMER = 'Your 1 minute timer is done.';
  const TYPED_ANSWER = '2 plus 2 is 4.';
  /** run-1 answers QUESTION aloud: c1 (1000 ms) is playing, 400 ms of it heard, c2 queued. */
  const speakingEvents = [
    { type: 'text_input', text: QUESTION },
    { type: 'turn_chunk', runId: 'run-1', text: `${ANSWER_1} ${ANSWER_2}`, final: true, agent: null },
    { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'c1', durationMs: 1000 },
    { type: 'tts_done', runId: 'run-1', segmentId: 'seg-1-1' },
    { type: 'playback_started', runId: 'run-1', chunkId: 'c1' },
    { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-2', chunkId: 'c2', durationMs: 1200 },
    { type: 'playback_progress', runId: 'run-1', heardMs: 400 },
  ] as const;

  it('push-to-talk or hands-free, a typed question stops the answer at once and records what was heard; the typed answer is said next', () => {
    for (const mode of ['push_to_talk', 'hands_free'] as const) {
      const { state, commands } = feed([...speakingEvents, { type: 'stop' }, { type: 'announce', text: TYPED_ANSWER }], initialVoiceState(mode));
      expect(actions(commands).slice(-3)).toEqual(['stop_playback run-1', 'cancel_run run-1', `synthesize seg-2-1 "${TYPED_ANSWER}"`]);
      const [record] = records(commands);
      expect(record).toMatchObject({ runId: 'run-1', query: QUESTION, interrupted: true });
      expect(ANSWER_1.startsWith(record!.heard)).toBe(true);
      expect(record!.heard.length).toBeGreaterThan(0);
      expect(state.run?.announcement).toBe(true);
      expect(state.interruptedRun).toBeNull();
    }
  });

  it('a typed question drops the earlier answers still waiting to be said, but not a timer going off', () => {
    const { commands } = feed([
      { type: 'announce', text: 'An earlier typed answer.' },
      { type: 'announce', text: 'Another one, still waiting.' },
      { type: 'announce', text: TIMER, urgent: true },
      { type: 'stop' },
      ...segmentAudio('run-3', 'seg-3-1', 'c3', 500),
    ]);
    expect(actions(commands).filter((action) => action.startsWith('synthesize'))).toEqual([`synthesize seg-1-1 "An earlier typed answer."`, `synthesize seg-2-1 "${TIMER}"`]);
  });

  it('a timer going off cuts off the answer being spoken (recorded as heard) and is said at once', () => {
    const { state, commands } = feed([...speakingEvents, { type: 'announce', text: TIMER, urgent: true }]);
    expect(actions(commands).slice(-3)).toEqual(['stop_playback run-1', 'cancel_run run-1', `synthesize seg-2-1 "${TIMER}"`]);
    expect(records(commands)).toMatchObject([{ runId: 'run-1', query: QUESTION, interrupted: true }]);
    expect(state.run).toMatchObject({ announcement: true, urgent: true });
  });

  it('a timer waits while the user talks or is being transcribed, and for another timer being said', () => {
    const whileTranscribing = feed([{ type: 'speech_started' }, { type: 'speech_ended', utteranceId: 'u1', durationMs: 900 }, { type: 'announce', text: TIMER, urgent: true }]);
    expect(actions(whileTranscribing.commands)).toEqual(['transcribe run-1 u1']);
    expect(whileTranscribing.state.announcements).toEqual([{ text: TIMER, urgent: true }]);

    const pressed = feed([{ type: 'talk_pressed' }, { type: 'announce', text: TIMER, urgent: true }], initialVoiceState('push_to_talk'));
    expect(actions(pressed.commands)).toEqual([]);

    const two = feed([{ type: 'announce', text: TIMER, urgent: true }, { type: 'announce', text: 'Your alarm is going off.', urgent: true }]);
    expect(actions(two.commands)).toEqual([`synthesize seg-1-1 "${TIMER}"`]);
    expect(two.state.announcements).toEqual([{ text: 'Your alarm is going off.', urgent: true }]);
  });

  it('a timer goes before ordinary answers waiting to be said', () => {
    const { state } = feed([...speakingEvents, { type: 'announce', text: TYPED_ANSWER }, { type: 'announce', text: TIMER, urgent: true }]);
    expect(state.run?.query).toBe(TIMER);
    expect(state.announcements).toEqual([{ text: TYPED_ANSWER, urgent: false }]);
  });
});

describe('the line going away', () => {
  it('cuts off the answer being spoken and records the exchange as heard, interrupted', () => {
    const { commands, state } = feed([
      { type: 'speech_started' },
      { type: 'speech_ended', utteranceId: 'u1', durationMs: 900 },
      { type: 'stt_final', runId: 'run-1', text: 'What is twelve times seven?' },
      { type: 'turn_chunk', runId: 'run-1', text: '12 times 7 is 84. That is all.', final: true, agent: null },
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'c1', durationMs: 1500 },
      { type: 'playback_started', runId: 'run-1', chunkId: 'c1' },
      { type: 'playback_progress', runId: 'run-1', heardMs: 700 },
      { type: 'hang_up' },
    ]);
    const recorded = records(commands);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ runId: 'run-1', query: 'What is twelve times seven?', interrupted: true });
    // As heard: the start of the answer, up to where playback had got.
    const heard = recorded[0]!.heard;
    expect(heard.length).toBeGreaterThan(0);
    expect('12 times 7 is 84. That is all.'.startsWith(heard)).toBe(true);
    expect(heard.length).toBeLessThan('12 times 7 is 84. That is all.'.length);
    expect(state.run).toBeNull();
    expect(ofType(commands, 'cancel_run')).toEqual([{ type: 'cancel_run', runId: 'run-1' }]);
  });

  it('records nothing when nothing was asked yet', () => {
    const { commands } = feed([{ type: 'speech_started' }, { type: 'speech_ended', utteranceId: 'u1', durationMs: 900 }, { type: 'hang_up' }]);
    expect(records(commands)).toEqual([]);
  });
});
