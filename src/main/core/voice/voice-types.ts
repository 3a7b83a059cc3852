// The voice loop as data: events in, commands out (see voice-reducer.ts). Audio itself never
// enters the reducer: the runtime keeps utterances and TTS chunks and the reducer refers to them by
// id. Times are milliseconds on the runtime's clock, carried by the events.

export type TurnTaking = 'push_to_talk' | 'hands_free';

export type VoicePhase = 'idle' | 'listening' | 'transcribing' | 'thinking' | 'speaking' | 'interrupted';

export interface HistoryMessage {
  role: 'user' | 'assistant';
  text: string;
  /** True when the user cut the assistant off: `text` is then only what was heard. */
  interrupted: boolean;
}

/** Everything that runs between a user's utterance and the end of the assistant's reply. */
export interface Run {
  id: string;
  /** What the user said (final transcript) once known. */
  query: string | null;
  /** Assistant text received from the orchestrator, not yet sent to TTS. */
  pendingText: string;
  /** Assistant text sent to TTS, in order (segment id -> text). */
  segments: { id: string; text: string }[];
  /** Audio chunks queued for playback but not yet played. */
  queuedChunks: string[];
  /** How much of the assistant's text has actually been played, in characters of `spokenText`. */
  heardChars: number;
  spokenText: string;
  turnDone: boolean;
  synthesisPending: number;
  playbackActive: boolean;
  /** Tool calls waiting for their results. */
  pendingToolCalls: string[];
}

export interface VoiceState {
  phase: VoicePhase;
  mode: TurnTaking;
  /** The current run, or null when idle/listening with nothing in flight. */
  run: Run | null;
  /** Run that a possible barge-in interrupted; kept until the new speech proves real or not. */
  interruptedRun: Run | null;
  /** Push-to-talk key currently held. */
  talkHeld: boolean;
  history: HistoryMessage[];
  /** Counter for ids the reducer mints (runs, segments); deterministic. */
  nextId: number;
}

export type VoiceEvent =
  | { type: 'speech_started'; atMs: number }
  | { type: 'speech_ended'; atMs: number; utteranceId: string; durationMs: number }
  | { type: 'talk_pressed'; atMs: number }
  | { type: 'talk_released'; atMs: number; utteranceId: string; durationMs: number }
  | { type: 'text_input'; atMs: number; text: string }
  | { type: 'mode_changed'; atMs: number; mode: TurnTaking }
  | { type: 'stt_partial'; atMs: number; runId: string; text: string }
  | { type: 'stt_final'; atMs: number; runId: string; text: string }
  | { type: 'turn_chunk'; atMs: number; runId: string; text: string; final: boolean; agent: string | null }
  | { type: 'llm_tool_call'; atMs: number; runId: string; callId: string; name: string; arguments: string }
  | { type: 'tool_result'; atMs: number; runId: string; callId: string; result: string; isError: boolean }
  | { type: 'tts_chunk'; atMs: number; runId: string; segmentId: string; chunkId: string; durationMs: number }
  | { type: 'tts_done'; atMs: number; runId: string; segmentId: string }
  | { type: 'playback_started'; atMs: number; runId: string; chunkId: string }
  /** How much audio of the run has been heard so far, ms from the run's first audio. */
  | { type: 'playback_progress'; atMs: number; runId: string; heardMs: number }
  | { type: 'playback_ended'; atMs: number; runId: string; chunkId: string }
  | { type: 'timer'; atMs: number; name: string; runId: string | null }
  | { type: 'error'; atMs: number; runId: string | null; source: 'stt' | 'turn' | 'tts' | 'playback' | 'vad' | 'tool'; message: string; retryable: boolean };

export type VoiceCommand =
  | { type: 'transcribe'; runId: string; utteranceId: string }
  | { type: 'start_turn'; runId: string; query: string; history: HistoryMessage[] }
  | { type: 'run_tool'; runId: string; callId: string; name: string; arguments: string }
  | { type: 'continue_turn'; runId: string; callId: string; result: string; isError: boolean }
  | { type: 'synthesize'; runId: string; segmentId: string; text: string }
  | { type: 'play'; runId: string; chunkId: string }
  | { type: 'stop_playback'; runId: string }
  | { type: 'cancel_run'; runId: string }
  | { type: 'set_timer'; name: string; runId: string | null; ms: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; runId: string | null; code: string }
  /** For the UI: state, transcripts, assistant text as spoken, interruptions. */
  | { type: 'notify'; notice: VoiceNotice };

export type VoiceNotice =
  | { kind: 'phase'; phase: VoicePhase; runId: string | null }
  | { kind: 'user_transcript'; runId: string; text: string; final: boolean }
  | { kind: 'assistant_text'; runId: string; text: string; spoken: boolean }
  | { kind: 'interrupted'; runId: string; heardText: string }
  | { kind: 'error'; runId: string | null; message: string };

export interface Reduction {
  state: VoiceState;
  commands: VoiceCommand[];
}
