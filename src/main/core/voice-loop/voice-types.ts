// The voice loop as data: events in, commands out (see voice-reducer.ts). Audio itself never
// enters the reducer: the runtime keeps utterances and TTS chunks and the reducer refers to them by
// id. Times are milliseconds on the runtime's clock, carried by the events.

/** wake_word: hands-free, but only speech that starts with (or follows) the wake phrase is heard. */
export type TurnTaking = 'push_to_talk' | 'hands_free' | 'wake_word';

export type VoicePhase = 'idle' | 'listening' | 'transcribing' | 'thinking' | 'speaking' | 'interrupted';

/** One TTS audio chunk of a segment, in arrival order. */
export interface AudioChunk {
  id: string;
  durationMs: number;
  /** pending: not yet sent to playback; queued: `play` sent; playing: started; ended: fully heard. */
  playback: 'pending' | 'queued' | 'playing' | 'ended';
  /** Where `play` starts inside the chunk (resume after a false barge-in), ms. */
  offsetMs: number;
}

/** A speakable chunk of assistant text sent to TTS as one `synthesize`. */
export interface Segment {
  id: string;
  text: string;
  chunks: AudioChunk[];
  /** tts_done (or a TTS error) received: no more chunks will come. */
  ttsDone: boolean;
  /** Synthesis failed or was skipped: the text is shown but (partly) not spoken. */
  failed: boolean;
  /** The UI has been sent this segment's text (assistant_text). */
  shown: boolean;
}

/** Everything that runs between a user's utterance and the end of the assistant's reply. */
export interface Run {
  id: string;
  /** What the user said (final transcript) once known. */
  query: string | null;
  /** Assistant text received from the orchestrator, not yet sent to TTS (the chunker's buffer). */
  pendingText: string;
  /** Assistant text sent to TTS, in order. */
  segments: Segment[];
  /** Audio chunks queued for playback (play sent) but not yet played to the end. */
  queuedChunks: string[];
  /** How much of the assistant's text has actually been played, in characters of `spokenText`. */
  heardChars: number;
  /** Segment texts joined by single spaces: the text sent to TTS so far. */
  spokenText: string;
  turnDone: boolean;
  /** Segments waiting for tts_done. */
  synthesisPending: number;
  /** Some chunk of this run is playing right now. */
  playbackActive: boolean;
  /** Tool calls waiting for their results. */
  pendingToolCalls: string[];
  /** Every piece of assistant text received for this run, as received. */
  receivedText: string;
  /** Audio of this run heard so far, ms (from playback_progress and ended chunks). */
  heardMs: number;
  /** Some audio of this run has started playing. */
  startedSpeaking: boolean;
  /** TTS or playback failed in this run: later segments are shown as text only. */
  audioFailed: boolean;
  /** The orchestrator ended with an error. */
  turnFailed: boolean;
  /** The run whose turn this one continues (a resume after a false barge-in); null: its own. */
  originRunId: string | null;
  /** What the user heard when a confirmed barge-in cut the run off. */
  heardText: string | null;
  /** A resumed run (after a false barge-in) speaks only the unheard rest; this is what was heard before. */
  resumedPrefix: string;
  /** A resumed run whose original turn had not finished: its record stays marked interrupted. */
  answerIncomplete: boolean;
  /** Last time (event atMs) the run made progress; the guard timer measures from it. */
  lastProgressAtMs: number;
  /** Said on the assistant's own account (an announcement): no question, nothing recorded. */
  announcement: boolean;
  /** An urgent announcement (a timer going off): another urgent one waits for it, nothing cuts it off. */
  urgent: boolean;
}

/** Something the assistant is to say on its own account. */
export interface Announcement {
  text: string;
  /** A timer, alarm or reminder going off: said at once, cutting off the answer being spoken. */
  urgent: boolean;
}

/** A barge-in not yet confirmed: playback is stopped, the run keeps going, the speech may be noise. */
export interface TentativeBargeIn {
  runId: string;
  timerName: string;
  startedAtMs: number;
}

export interface VoiceState {
  phase: VoicePhase;
  mode: TurnTaking;
  /** The current run, or null when idle/listening with nothing in flight. */
  run: Run | null;
  /** Run that a confirmed barge-in cancelled; kept until the new speech proves real or not. */
  interruptedRun: Run | null;
  /** Speech started during a run but not yet long enough to cancel it. */
  bargeIn: TentativeBargeIn | null;
  /** Push-to-talk key currently held. */
  talkHeld: boolean;
  /** Counter for ids the reducer mints (runs, segments, timers); deterministic. */
  nextId: number;
  /** What the assistant is to say on its own once nothing else is going on (urgent first, then oldest first). */
  announcements: Announcement[];
}

export type VoiceEvent =
  | { type: 'speech_started'; atMs: number }
  | { type: 'speech_ended'; atMs: number; utteranceId: string; durationMs: number }
  | { type: 'talk_pressed'; atMs: number }
  | { type: 'talk_released'; atMs: number; utteranceId: string; durationMs: number }
  | { type: 'text_input'; atMs: number; text: string }
  /**
   * Something the assistant says on its own: now if idle, else after the current exchange; an
   * urgent one (a timer going off) cuts off the answer being spoken, which is recorded as heard.
   */
  | { type: 'announce'; atMs: number; text: string; urgent?: boolean }
  /**
   * The user moved on (a typed question): the answer in flight is cut off at once and recorded as
   * heard, and what was queued to be said of earlier answers is dropped (urgent announcements stay).
   */
  | { type: 'stop'; atMs: number }
  | { type: 'mode_changed'; atMs: number; mode: TurnTaking }
  /** The line went away (a call hung up or dropped): the run in flight is cut off and recorded as heard. */
  | { type: 'hang_up'; atMs: number }
  | { type: 'stt_partial'; atMs: number; runId: string; text: string }
  | { type: 'stt_final'; atMs: number; runId: string; text: string }
  /** `text` is new assistant text to append (a delta, may be empty); `final` ends the turn's text. */
  | { type: 'turn_chunk'; atMs: number; runId: string; text: string; final: boolean; agent: string | null }
  /** The turn runs a tool (the conversation engine runs it): what was said before is spoken meanwhile. */
  | { type: 'tool_started'; atMs: number; runId: string; callId: string; name: string }
  | { type: 'tool_finished'; atMs: number; runId: string; callId: string; ok: boolean }
  | { type: 'tts_chunk'; atMs: number; runId: string; segmentId: string; chunkId: string; durationMs: number }
  | { type: 'tts_done'; atMs: number; runId: string; segmentId: string }
  | { type: 'playback_started'; atMs: number; runId: string; chunkId: string }
  /** How much audio of the run has been heard so far, ms from the run's first audio. */
  | { type: 'playback_progress'; atMs: number; runId: string; heardMs: number }
  | { type: 'playback_ended'; atMs: number; runId: string; chunkId: string }
  | { type: 'timer'; atMs: number; name: string; runId: string | null }
  /** `segmentId` names the failed segment of a TTS error (else the oldest unfinished one is assumed). */
  | { type: 'error'; atMs: number; runId: string | null; source: 'stt' | 'turn' | 'tts' | 'playback' | 'vad'; message: string; retryable: boolean; segmentId?: string; noRecognizer?: boolean }
  /** The user asked to transcribe a failed utterance again (its audio kept as `utteranceId`). */
  | { type: 'retry_transcription'; atMs: number; utteranceId: string };

export type VoiceCommand =
  | { type: 'transcribe'; runId: string; utteranceId: string }
  /** The conversation itself (history, memory) lives outside the reducer: only the question goes. */
  | { type: 'start_turn'; runId: string; query: string }
  /**
   * A run's exchange is over: what the user heard of the answer to `query` (all of it, or up to the
   * barge-in), for the conversation to store. `runId` names the run whose turn it answers.
   */
  | { type: 'record_turn'; runId: string; query: string; heardText: string; interrupted: boolean }
  | { type: 'synthesize'; runId: string; segmentId: string; text: string }
  /** `offsetMs`: start inside the chunk (a resume after a false barge-in); absent means from its start. */
  | { type: 'play'; runId: string; chunkId: string; offsetMs?: number }
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
  | { kind: 'error'; runId: string | null; message: string }
  /**
   * What the user said could not be turned into words (`reason`: no recognizer is set up, the
   * recognizer failed, or it took too long). The audio is kept: `retry` sends it again.
   */
  | { kind: 'transcription_failed'; runId: string; message: string; reason: 'no_recognizer' | 'failed' | 'timed_out' }
  /** Wake-word mode heard the phrase: the UI shows that it is listening for the command. */
  | { kind: 'wake_heard'; phrase: string };

export interface Reduction {
  state: VoiceState;
  commands: VoiceCommand[];
}
