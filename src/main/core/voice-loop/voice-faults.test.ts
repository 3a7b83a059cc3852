import { describe, expect, it } from 'vitest';
import { actions, feed, notices, ofType, phases, records, segmentAudio, spoken } from './testing/voice-test-kit.ts';

const QUESTION = 'What is the capital of France?';
const ANSWER_1 = 'Paris is the capital of France.';
const ANSWER_2 = 'It has about two million people.';
const ANSWER_3 = 'It is lovely in spring.';

describe('errors', () => {
  it('an STT error ends transcribing with a notice, and the next utterance works', () => {
    const { state, commands } = feed([
      { type: 'speech_started' },
      { type: 'speech_ended', utteranceId: 'u1', durationMs: 900 },
      { type: 'error', runId: 'run-1', source: 'stt', message: 'Transcription failed.', retryable: true },
      { type: 'stt_final', runId: 'run-1', text: 'late' },
      ...spoken('run-2', 'u2', QUESTION),
    ]);
    expect(notices(commands, 'transcription_failed')).toEqual([{ kind: 'transcription_failed', runId: 'run-1', message: 'Transcription failed.', reason: 'failed' }]);
    expect(phases(commands)).toEqual(['transcribing', 'listening', 'transcribing', 'thinking']);
    expect(actions(commands).at(-1)).toBe(`start_turn run-2 "${QUESTION}"`);
    expect(state.run?.id).toBe('run-2');
    expect(records(commands)).toEqual([]);
  });

  it('a TTS error mid-turn shows the text unspoken and the run still completes', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      // A sentence is decided once the next word starts ("I"): "3." may still become "3.5".
      { type: 'turn_chunk', runId: 'run-1', text: `${ANSWER_1} ${ANSWER_2} I`, final: false, agent: null },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 1000),
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-2', chunkId: 'c2', durationMs: 400 },
      { type: 'error', runId: 'run-1', source: 'tts', segmentId: 'seg-1-2', message: 'Speech synthesis failed.', retryable: false },
      { type: 'turn_chunk', runId: 'run-1', text: ANSWER_3.slice(1), final: true, agent: null },
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-2', chunkId: 'late', durationMs: 300 },
    ]);
    // c2 arrived before the failure: it plays out. The sentence after the failure is text only.
    expect(actions(commands)).toEqual([
      'transcribe run-1 u1',
      `start_turn run-1 "${QUESTION}"`,
      `synthesize seg-1-1 "${ANSWER_1}"`,
      `synthesize seg-1-2 "${ANSWER_2}"`,
      'play c1',
      'play c2',
    ]);
    const rest = feed([{ type: 'playback_started', runId: 'run-1', chunkId: 'c2' }, { type: 'playback_ended', runId: 'run-1', chunkId: 'c2' }], state);
    const all = [...commands, ...rest.commands];
    expect(notices(all, 'assistant_text')).toEqual([
      { kind: 'assistant_text', runId: 'run-1', text: ANSWER_1, spoken: true },
      { kind: 'assistant_text', runId: 'run-1', text: ANSWER_2, spoken: true },
      { kind: 'assistant_text', runId: 'run-1', text: ANSWER_3, spoken: false },
    ]);
    expect(notices(all, 'error')).toEqual([{ kind: 'error', runId: 'run-1', message: 'Speech synthesis failed.' }]);
    expect(rest.state.phase).toBe('listening');
    expect(records(all)).toEqual([{ runId: 'run-1', query: QUESTION, heard: `${ANSWER_1} ${ANSWER_2} ${ANSWER_3}`, interrupted: false }]);
  });

  it('a TTS error in one segment does not stop another segment still synthesizing', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: `${ANSWER_1} ${ANSWER_2}`, final: true, agent: null },
      { type: 'error', runId: 'run-1', source: 'tts', segmentId: 'seg-1-2', message: 'Speech synthesis failed.', retryable: false },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 1000),
    ]);
    expect(ofType(commands, 'play').map((command) => command.chunkId)).toEqual(['c1']);
    expect(notices(commands, 'assistant_text')).toEqual([
      { kind: 'assistant_text', runId: 'run-1', text: ANSWER_1, spoken: true },
      { kind: 'assistant_text', runId: 'run-1', text: ANSWER_2, spoken: false },
    ]);
    expect(state.phase).toBe('listening');
  });

  it('a TTS error before any audio shows the whole answer as text', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: true, agent: null },
      { type: 'error', runId: 'run-1', source: 'tts', message: 'TTS unavailable.', retryable: true },
    ]);
    expect(notices(commands, 'assistant_text')).toEqual([{ kind: 'assistant_text', runId: 'run-1', text: ANSWER_1, spoken: false }]);
    expect(state.phase).toBe('listening');
    expect(records(commands).at(-1)).toMatchObject({ heard: ANSWER_1, interrupted: false });
  });

  it('a turn error before any text speaks a short apology', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'error', runId: 'run-1', source: 'turn', message: 'The orchestrator failed.', retryable: false },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 1200),
    ]);
    expect(actions(commands).slice(2)).toEqual(['synthesize seg-1-1 "Sorry, something went wrong."', 'play c1']);
    expect(notices(commands, 'error')).toEqual([{ kind: 'error', runId: 'run-1', message: 'The orchestrator failed.' }]);
    expect(state.phase).toBe('listening');
  });

  it('a turn error with no apology configured is text-only and leaves a usable state', () => {
    const { state, commands } = feed(
      [...spoken('run-1', 'u1', QUESTION), { type: 'error', runId: 'run-1', source: 'turn', message: 'The orchestrator failed.', retryable: false }],
      undefined,
      { apologyText: '' },
    );
    expect(ofType(commands, 'synthesize')).toEqual([]);
    expect(state.phase).toBe('listening');
    expect(state.run).toBeNull();
  });

  it('a turn error after some text speaks what arrived and ends', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: 'Paris is', final: false, agent: null },
      { type: 'error', runId: 'run-1', source: 'turn', message: 'Stream broke.', retryable: true },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 600),
    ]);
    expect(records(commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: 'Paris is', interrupted: false }]);
    expect(state.phase).toBe('listening');
  });

  it('a playback error stops audio and finishes the answer as text', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: `${ANSWER_1} ${ANSWER_2}`, final: true, agent: null },
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'c1', durationMs: 1000 },
      { type: 'playback_started', runId: 'run-1', chunkId: 'c1' },
      { type: 'error', runId: 'run-1', source: 'playback', message: 'Audio device lost.', retryable: false },
    ]);
    expect(actions(commands)).toContain('stop_playback run-1');
    expect(notices(commands, 'assistant_text').at(-1)).toEqual({ kind: 'assistant_text', runId: 'run-1', text: ANSWER_2, spoken: false });
    expect(state.phase).toBe('listening');
  });

  it('reports a VAD error without changing the turn', () => {
    const { state, commands } = feed([{ type: 'error', runId: null, source: 'vad', message: 'Microphone frames malformed.', retryable: false }]);
    expect(notices(commands, 'error')).toHaveLength(1);
    expect(state.phase).toBe('listening');
  });
});

describe('timeouts', () => {
  it('an orchestrator that hangs ends in an error notice and a usable state', () => {
    const start = feed(spoken('run-1', 'u1', QUESTION));
    expect(ofType(start.commands, 'set_timer')).toEqual([{ type: 'set_timer', name: 'guard', runId: 'run-1', ms: 10_000 }]);
    const { state, commands } = feed(
      [
        // First firing: the run made progress 20 ms before (stt_final), so the rest is re-armed.
        { type: 'timer', name: 'guard', runId: 'run-1', atMs: 10_010 },
        { type: 'timer', name: 'guard', runId: 'run-1', atMs: 15_030 },
        ...spoken('run-2', 'u2', QUESTION),
      ],
      start.state,
    );
    expect(ofType(commands, 'set_timer')[0]).toEqual({ type: 'set_timer', name: 'guard', runId: 'run-1', ms: 5_020 });
    expect(actions(commands).slice(0, 1)).toEqual(['cancel_run run-1']);
    expect(notices(commands, 'error')).toEqual([{ kind: 'error', runId: 'run-1', message: 'The answer took too long.' }]);
    expect(phases(commands)).toEqual(['listening', 'transcribing', 'thinking']);
    expect(actions(commands).at(-1)).toBe(`start_turn run-2 "${QUESTION}"`);
    expect(state.phase).toBe('thinking');
  });

  it('a transcription that hangs ends in an error notice', () => {
    const { state, commands } = feed([
      { type: 'speech_started' },
      { type: 'speech_ended', utteranceId: 'u1', durationMs: 900, atMs: 1000 },
      { type: 'timer', name: 'guard', runId: 'run-1', atMs: 11_000 },
    ]);
    expect(actions(commands)).toEqual(['transcribe run-1 u1', 'cancel_run run-1']);
    expect(notices(commands, 'transcription_failed')).toEqual([{ kind: 'transcription_failed', runId: 'run-1', message: 'Transcription timed out.', reason: 'timed_out' }]);
    expect(state.phase).toBe('listening');
  });

  it('TTS that hangs shows the text, records it and frees the loop', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: true, agent: null, atMs: 2000 },
      { type: 'timer', name: 'guard', runId: 'run-1', atMs: 10_050 },
    ]);
    expect(actions(commands).slice(-1)).toEqual(['cancel_run run-1']);
    expect(notices(commands, 'assistant_text')).toEqual([{ kind: 'assistant_text', runId: 'run-1', text: ANSWER_1, spoken: false }]);
    expect(notices(commands, 'error')).toEqual([{ kind: 'error', runId: 'run-1', message: expect.stringContaining('the rest of the answer is shown as text') }]);
    expect(records(commands)).toEqual([{ runId: 'run-1', query: QUESTION, heard: ANSWER_1, interrupted: false }]);
    expect(state.phase).toBe('listening');
  });

  it('waits for queued audio to play before calling playback stalled', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: true, agent: null },
      { type: 'tts_chunk', runId: 'run-1', segmentId: 'seg-1-1', chunkId: 'c1', durationMs: 30_000, atMs: 1000 },
      { type: 'tts_done', runId: 'run-1', segmentId: 'seg-1-1', atMs: 1000 },
      { type: 'timer', name: 'guard', runId: 'run-1', atMs: 10_000 },
    ]);
    // 30 s of audio queued + 8 s of slack, measured from the last progress at 1000 ms.
    expect(ofType(commands, 'set_timer').at(-1)).toEqual({ type: 'set_timer', name: 'guard', runId: 'run-1', ms: 29_000 });
    expect(state.phase).not.toBe('listening');
  });

  it('a tool that hangs ends the run with a notice', () => {
    const { state, commands } = feed([
      ...spoken('run-1', 'u1', 'Will it rain?'),
      { type: 'tool_started', runId: 'run-1', callId: 'call-1', name: 'weather', atMs: 1000 },
      { type: 'timer', name: 'guard', runId: 'run-1', atMs: 21_000 },
    ]);
    expect(notices(commands, 'error')).toEqual([{ kind: 'error', runId: 'run-1', message: 'A tool took too long to answer.' }]);
    expect(state.run).toBeNull();
    expect(state.phase).toBe('listening');
  });

  it('ignores the timer of a run that already finished', () => {
    const done = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: true, agent: null },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 900),
    ]).state;
    const { state, commands } = feed([{ type: 'timer', name: 'guard', runId: 'run-1', atMs: 60_000 }], done);
    expect(commands.every((command) => command.type === 'log')).toBe(true);
    expect(state).toEqual(done);
  });
});

describe('logs', () => {
  it('never carry transcripts or answer text at info level or above', () => {
    const { commands } = feed([
      ...spoken('run-1', 'u1', QUESTION),
      { type: 'turn_chunk', runId: 'run-1', text: ANSWER_1, final: true, agent: null },
      ...segmentAudio('run-1', 'seg-1-1', 'c1', 900),
      { type: 'text_input', text: 'Secret words here' },
    ]);
    const logs = ofType(commands, 'log');
    expect(logs.length).toBeGreaterThan(2);
    for (const entry of logs) {
      for (const text of [QUESTION, ANSWER_1, 'Secret']) expect(entry.message).not.toContain(text);
      expect(entry.code).toMatch(/^voice\./);
    }
  });
});
