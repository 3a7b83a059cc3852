import { describe, expect, it } from 'vitest';
import { initialVoiceState } from './voice-reducer.ts';
import { actions, feed, notices, ofType, phases, records, segmentAudio, spoken, type TestEvent } from './testing/voice-test-kit.ts';
import type { VoiceState } from './voice-types.ts';

const QUESTION = 'What is the capital of France?';
const ANSWER_1 = 'Paris is the capital of France.';
const ANSWER_2 = 'It has about two million people.';

/** run-1 is speaking: segment 1 (c1, 1000 ms) is playing, segment 2 (c2, 1200 ms) is queued. */
const speakingEvents = (): TestEvent[] => [
  ...spoken('run-1', 'u1', QUESTION),
  { type: 'turn_chunk', runId: 'run-1', text: `${ANSWER_1} ${ANSWER_2}`, final: true, agent: null },
  { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'c1', durationMs: 1000 },
  { type: 'tts_done', runId: 'run-1', segmentId: 'seg-1-1' },
  { type: 'playback_started', runId: 'run-1', chunkId: 'c1' },
  { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-2', chunkId: 'c2', durationMs: 1200 },
  { type: 'tts_done', runId: 'run-1', segmentId: 'seg-1-2' },
];

const speaking = (start?: VoiceState): VoiceState => {
  const { state } = feed(speakingEvents(), start);
  expect(state.phase).toBe('speaking');
  return state;
};

const thinking = (): VoiceState => feed(spoken('run-1', 'u1', QUESTION)).state;

/** Every event a cancelled run-1 could still produce. */
const lateEventsOf = (runId: string): TestEvent[] => [
  { type: 'stt_final', runId, text: 'late transcript' },
  { type: 'turn_chunk', runId, text: 'Late text. ', final: false, agent: null },
  { type: 'tool_started', runId, callId: 'call-late', name: 'weather' },
  { type: 'tool_finished', runId, callId: 'call-1', ok: true },
  { type: 'tts_chunk', runId, segmentId: 'seg-1-2', chunkId: 'late', durationMs: 300 },
  { type: 'tts_done', runId, segmentId: 'seg-1-2' },
  { type: 'playback_started', runId, chunkId: 'c2' },
  { type: 'playback_progress', runId, heardMs: 2000 },
  { type: 'playback_ended', runId, chunkId: 'c2' },
  { type: 'timer', name: 'guard', runId },
  { type: 'error', runId, source: 'tts', message: 'late failure', retryable: false },
];

describe('barge-in', () => {
  it('speech while speaking stops playback at once and cancels once the speech is long enough', () => {
    const atStart = feed([{ type: 'playback_progress', runId: 'run-1', heardMs: 500 }, { type: 'speech_started' }], speaking());
    expect(actions(atStart.commands)).toEqual(['stop_playback run-1']);
    expect(ofType(atStart.commands, 'set_timer')).toEqual([{ type: 'set_timer', name: 'barge_in#2', runId: 'run-1', ms: 250 }]);
    expect(atStart.state.phase).toBe('interrupted');

    const { state, commands } = feed([{ type: 'speech_ended', utteranceId: 'u2', durationMs: 900 }], atStart.state);
    expect(actions(commands)).toEqual(['cancel_run run-1', 'transcribe run-3 u2']);
    // 500 of 1000 ms of "Paris is the capital of France." heard: 15 chars, cut back to a word.
    expect(notices(commands, 'interrupted')).toEqual([{ kind: 'interrupted', runId: 'run-1', heardText: 'Paris is the' }]);
    expect(state.interruptedRun?.heardText).toBe('Paris is the');
    expect(state.phase).toBe('transcribing');

    // The new speech is real: the cut-off exchange is recorded as heard before the next turn starts.
    const next = feed([{ type: 'stt_final', runId: 'run-3', text: 'Tell me about Berlin' }], state);
    expect(next.commands.filter((command) => command.type === 'record_turn' || command.type === 'start_turn').map((command) => command.type)).toEqual(['record_turn', 'start_turn']);
    expect(records(next.commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: 'Paris is the', interrupted: true }]);
  });

  it('confirms the barge-in by timer while the user is still talking', () => {
    const { state, commands } = feed(
      [{ type: 'speech_started' }, { type: 'timer', name: 'barge_in#2', runId: 'run-1' }, { type: 'speech_ended', utteranceId: 'u2', durationMs: 1500 }],
      speaking(),
    );
    expect(actions(commands)).toEqual(['stop_playback run-1', 'cancel_run run-1', 'transcribe run-3 u2']);
    expect(phases(commands)).toEqual(['interrupted', 'listening', 'transcribing']);
    expect(state.interruptedRun?.id).toBe('run-1');
  });

  it('speech while thinking cancels the turn; nothing was heard, so the record has only the question', () => {
    const { state, commands } = feed([{ type: 'speech_started' }, { type: 'timer', name: 'barge_in#2', runId: 'run-1' }], thinking());
    expect(actions(commands)).toEqual(['cancel_run run-1']); // no audio yet: nothing to stop
    expect(notices(commands, 'interrupted')).toEqual([{ kind: 'interrupted', runId: 'run-1', heardText: '' }]);
    expect(state.interruptedRun?.heardText).toBe('');
    expect(state.phase).toBe('listening');
  });

  it('speech after tts_done but before playback ends keeps what was played', () => {
    const start = feed(
      [
        { type: 'playback_ended', runId: 'run-1', chunkId: 'c1' },
        { type: 'playback_started', runId: 'run-1', chunkId: 'c2' },
      ],
      speaking(),
    ).state;
    const { state, commands } = feed(
      [{ type: 'speech_started' }, { type: 'timer', name: 'barge_in#2', runId: 'run-1' }, { type: 'playback_ended', runId: 'run-1', chunkId: 'c2' }],
      start,
    );
    expect(actions(commands)).toEqual(['stop_playback run-1', 'cancel_run run-1']);
    expect(state.interruptedRun?.heardText).toBe(ANSWER_1);
    expect(state.run).toBeNull();
  });

  it('drops every event of a cancelled run', () => {
    const cancelled = feed([{ type: 'speech_started' }, { type: 'timer', name: 'barge_in#2', runId: 'run-1' }], speaking()).state;
    const { state, commands } = feed(lateEventsOf('run-1'), cancelled);
    expect(commands.every((command) => command.type === 'log' && command.level === 'debug')).toBe(true);
    expect(commands).toHaveLength(lateEventsOf('run-1').length);
    expect(state).toEqual(cancelled);
  });

  it('cancels a tool call mid-flight; its late result does not continue the turn', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', 'Will it rain?'),
      { type: 'turn_chunk', runId: 'run-1', text: 'Let me check.', final: false, agent: null },
      { type: 'tool_started', runId: 'run-1', callId: 'call-1', name: 'weather' },
      { type: 'speech_started' },
      { type: 'timer', name: 'barge_in#2', runId: 'run-1' },
      { type: 'tool_finished', runId: 'run-1', callId: 'call-1', ok: true },
      { type: 'speech_ended', utteranceId: 'u2', durationMs: 800 },
    ]);
    // cancel_run aborts the run's signal, which the engine's tool call is given.
    expect(actions(commands).slice(2)).toEqual(['synthesize seg-1-1 "Let me check."', 'cancel_run run-1', 'transcribe run-3 u2']);
    expect(state.run?.id).toBe('run-3');
  });

  it('handles two barge-ins in a row', () => {
    const { state, commands } = feed(
      [
        { type: 'playback_progress', runId: 'run-1', heardMs: 500 },
        { type: 'speech_started' },
        { type: 'speech_ended', utteranceId: 'u2', durationMs: 900 },
        { type: 'stt_final', runId: 'run-3', text: 'And Berlin?' },
        { type: 'turn_chunk', runId: 'run-1', text: 'stale', final: true, agent: null },
        { type: 'turn_chunk', runId: 'run-3', text: 'Berlin is the capital of Germany.', final: true, agent: null },
        { type: 'tts_chunk', runId: 'run-3', segmentId: 'seg-3-1', chunkId: 'd1', durationMs: 1000 },
        { type: 'tts_done', runId: 'run-3', segmentId: 'seg-3-1' },
        { type: 'playback_started', runId: 'run-3', chunkId: 'd1' },
        { type: 'playback_progress', runId: 'run-3', heardMs: 700 },
        { type: 'speech_started' },
        { type: 'speech_ended', utteranceId: 'u3', durationMs: 800 },
        { type: 'playback_ended', runId: 'run-3', chunkId: 'd1' },
        { type: 'playback_ended', runId: 'run-1', chunkId: 'c1' },
      ],
      speaking(),
    );
    expect(actions(commands)).toEqual([
      'stop_playback run-1',
      'cancel_run run-1',
      'transcribe run-3 u2',
      'start_turn run-3 "And Berlin?"',
      'synthesize seg-3-1 "Berlin is the capital of Germany."',
      'play d1',
      'stop_playback run-3',
      'cancel_run run-3',
      'transcribe run-5 u3',
    ]);
    expect(records(commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: 'Paris is the', interrupted: true }]);
    // 700 of 1000 ms of 33 characters: 23, cut back to the word before; recorded once its new speech proves real.
    expect(state.interruptedRun).toMatchObject({ id: 'run-3', query: 'And Berlin?', heardText: 'Berlin is the capital' });
    expect(notices(commands, 'interrupted').map((notice) => notice.runId)).toEqual(['run-1', 'run-3']);
  });

  it('records the heard text across segments, in proportion to each segment audio', () => {
    const { commands } = feed(
      [
        { type: 'playback_ended', runId: 'run-1', chunkId: 'c1' },
        { type: 'playback_started', runId: 'run-1', chunkId: 'c2' },
        // 600 of the 1200 ms of "It has about two million people." (32 chars): 16 chars.
        { type: 'playback_progress', runId: 'run-1', heardMs: 1600 },
        { type: 'text_input', text: 'Stop, tell me about Lyon.' },
      ],
      speaking(),
    );
    expect(records(commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: `${ANSWER_1} It has about two`, interrupted: true }]);
    expect(actions(commands).at(-1)).toBe('start_turn run-2 "Stop, tell me about Lyon."');
  });

  it('estimates the heard position in a segment whose audio is still arriving', () => {
    const { commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: true, agent: null },
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'c1', durationMs: 500 },
      { type: 'playback_started', runId: 'run-1', chunkId: 'c1' },
      // 31 chars at 65 ms/char is ~2 s of speech; 1 s heard is about half of it.
      { type: 'playback_progress', runId: 'run-1', heardMs: 1000 },
      { type: 'text_input', text: 'never mind' },
    ]);
    expect(records(commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: 'Paris is the', interrupted: true }]);
  });

  it('cancels at speech start when the minimum speech duration is 0', () => {
    const options = { bargeInMinSpeechMs: 0 };
    const start = feed(speakingEvents(), initialVoiceState('hands_free'), options).state;
    const { commands } = feed([{ type: 'speech_started' }], start, options);
    expect(actions(commands)).toEqual(['stop_playback run-1', 'cancel_run run-1']);
  });

  it('push-to-talk: pressing the key while the assistant speaks cancels at once; voice alone does not', () => {
    const start = feed(
      [
        { type: 'talk_pressed' },
        { type: 'talk_released', utteranceId: 'u1', durationMs: 900 },
        ...speakingEvents().slice(2),
        { type: 'speech_started' },
      ],
      initialVoiceState('push_to_talk'),
    );
    expect(actions(start.commands)).not.toContain('stop_playback run-1');
    const { state, commands } = feed([{ type: 'talk_pressed' }], start.state);
    expect(actions(commands)).toEqual(['stop_playback run-1', 'cancel_run run-1']);
    expect(state.phase).toBe('listening');
  });
});

describe('false barge-in', () => {
  it('short noise while speaking resumes playback where it stopped, without cancelling', () => {
    const paused = feed(
      [
        { type: 'playback_progress', runId: 'run-1', heardMs: 400 },
        { type: 'speech_started' },
        // The player reports the chunk it was stopped in: ignored.
        { type: 'playback_ended', runId: 'run-1', chunkId: 'c1' },
      ],
      speaking(),
    );
    const resumed = feed([{ type: 'speech_ended', utteranceId: 'u2', durationMs: 150 }], paused.state);
    expect(actions(resumed.commands)).toEqual(['play c1 @400', 'play c2']);
    expect(ofType([...paused.commands, ...resumed.commands], 'cancel_run')).toEqual([]);
    expect(resumed.state.phase).toBe('speaking');

    const done = feed(
      [
        { type: 'timer', name: 'barge_in#2', runId: 'run-1' }, // fires after the noise ended: stale
        { type: 'playback_started', runId: 'run-1', chunkId: 'c1' },
        { type: 'playback_ended', runId: 'run-1', chunkId: 'c1' },
        { type: 'playback_started', runId: 'run-1', chunkId: 'c2' },
        { type: 'playback_ended', runId: 'run-1', chunkId: 'c2' },
      ],
      resumed.state,
    );
    expect(ofType(done.commands, 'cancel_run')).toEqual([]);
    expect(records(done.commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: `${ANSWER_1} ${ANSWER_2}`, interrupted: false }]);
    expect(done.state.phase).toBe('listening');
  });

  it('short noise while thinking lets the turn go on', () => {
    const { state, commands } = feed(
      [
        { type: 'speech_started' },
        { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: true, agent: null },
        { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'c1', durationMs: 800 },
        { type: 'speech_ended', utteranceId: 'u2', durationMs: 100 },
      ],
      thinking(),
    );
    // Text and synthesis went on during the pause; playback starts only after the noise ended.
    expect(actions(commands)).toEqual([`synthesize seg-1-1 "${ANSWER_1}"`, 'play c1']);
    expect(state.phase).toBe('thinking');
  });

  it('speech during transcription that turns out to be noise keeps the first utterance', () => {
    const { state, commands } = feed([
      { type: 'speech_started' },
      { type: 'speech_ended', utteranceId: 'u1', durationMs: 900 },
      { type: 'speech_started' },
      { type: 'stt_final', runId: 'run-1', text: QUESTION },
      { type: 'speech_ended', utteranceId: 'u2', durationMs: 100 },
    ]);
    expect(actions(commands)).toEqual(['transcribe run-1 u1', `start_turn run-1 "${QUESTION}"`]);
    expect(state.phase).toBe('thinking');
  });

  it('a transcript with no words after a confirmed barge-in resumes the unheard rest of the answer', () => {
    const cut = feed(
      [
        { type: 'playback_progress', runId: 'run-1', heardMs: 500 },
        { type: 'speech_started' },
        { type: 'speech_ended', utteranceId: 'u2', durationMs: 600 },
      ],
      speaking(),
    );
    expect(cut.state.interruptedRun?.heardText).toBe('Paris is the');
    const resumed = feed([{ type: 'stt_final', runId: 'run-3', text: '  ' }], cut.state);
    expect(actions(resumed.commands)).toEqual([
      'synthesize seg-4-1 "capital of France."',
      `synthesize seg-4-2 "${ANSWER_2}"`,
    ]);
    // Nothing is recorded for the cut: the answer goes on, and is recorded whole, for the run that asked.
    expect(records(resumed.commands)).toEqual([]);
    const done = feed([...segmentAudio('run-4', 'seg-4-1', 'r1', 700), ...segmentAudio('run-4', 'seg-4-2', 'r2', 1200)], resumed.state);
    expect(records(done.commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: `${ANSWER_1} ${ANSWER_2}`, interrupted: false }]);
    expect(done.state.phase).toBe('listening');
  });

  it('a wordless transcript after cutting off a turn with no text yet asks the question again', () => {
    const { state, commands } = feed(
      [
        { type: 'speech_started' },
        { type: 'timer', name: 'barge_in#2', runId: 'run-1' },
        { type: 'speech_ended', utteranceId: 'u2', durationMs: 700 },
        { type: 'stt_final', runId: 'run-3', text: '' },
      ],
      thinking(),
    );
    expect(actions(commands)).toEqual(['cancel_run run-1', 'transcribe run-3 u2', `start_turn run-4 "${QUESTION}"`]);
    // Asked again: the new run's own turn answers it, and nothing of the cut one is recorded.
    expect(records(commands)).toEqual([]);
    expect(state.run).toMatchObject({ id: 'run-4', originRunId: null });
    expect(state.phase).toBe('thinking');
  });

  it('push-to-talk: an accidental key tap during the answer resumes it', () => {
    const start = feed(
      [{ type: 'talk_pressed' }, { type: 'talk_released', utteranceId: 'u1', durationMs: 900 }, ...speakingEvents().slice(2), { type: 'playback_progress', runId: 'run-1', heardMs: 1000 }],
      initialVoiceState('push_to_talk'),
    ).state;
    const { state, commands } = feed([{ type: 'talk_pressed' }, { type: 'talk_released', utteranceId: 'u2', durationMs: 60 }], start);
    expect(actions(commands)).toEqual(['stop_playback run-1', 'cancel_run run-1', `synthesize seg-2-1 "${ANSWER_2}"`]);
    expect(state.run?.resumedPrefix).toBe(ANSWER_1);
  });
});
