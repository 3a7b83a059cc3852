import { isAppError } from '../core/errors.ts';
import { createVoiceReducer, initialVoiceState } from '../core/voice-loop/voice-reducer.ts';
import type { VoiceCommand, VoiceEvent, VoiceState } from '../core/voice-loop/voice-types.ts';
import type { PcmAudio } from '../ports/audio.ts';
import { withoutWakePhrase } from '../core/voice-loop/wake-phrase-text.ts';
import { createAudioInput, INPUT_SAMPLE_RATE, type Utterance } from './voice-audio-input.ts';
import { createMetricsRecorder } from './voice-metrics.ts';
import type { VoiceRuntime, VoiceRuntimeOptions, VoiceSetTimer } from './voice-runtime-types.ts';

export type * from './voice-runtime-types.ts';

/** Ended run ids remembered so late commands for them start nothing; far more than can be in flight. */
const MAX_ENDED_RUNS = 256;
/** Utterances kept for a retry after their transcription failed (about 1 MB per 30 s of speech). */
const MAX_KEPT_FOR_RETRY = 3;

type ErrorSource = Extract<VoiceEvent, { type: 'error' }>['source'];

/**
 * Runs the voice reducer against real providers. The reducer decides; this performs its commands
 * (one AbortController per run, so cancel_run reaches the HTTP streams and the agents), keeps the
 * audio the reducer refers to by id, turns provider output into events, and measures each turn.
 */
export function createVoiceRuntime(options: VoiceRuntimeOptions): VoiceRuntime {
  const { clock, logger, orchestrator, stt, tts, output } = options;
  const languageNow = (): string | undefined => {
    try {
      return options.languageNow?.() ?? options.language;
    } catch (error) {
      logger.warn({ code: 'voice_language_unknown', err: error }, 'the conversation language could not be read; using the default');
      return options.language;
    }
  };
  const voiceNow = (): string | undefined => {
    const language = languageNow();
    return (language && options.voiceFor?.(language)) || options.voice;
  };
  const reduce = createVoiceReducer(options.reducerOptions);
  let state: VoiceState = initialVoiceState(options.mode);
  let closed = false;

  const controllers = new Map<string, AbortController>();
  const endedRuns = new Set<string>();
  const startTimer: VoiceSetTimer = options.setTimer ?? hostTimer;
  const timers = new Map<string, { runId: string | null; cancel: () => void }>();
  const chunks = new Map<string, { runId: string; audio: PcmAudio }>();
  /** Each run's syntheses run one after another, so audio arrives in text order. */
  const synthesisChains = new Map<string, Promise<void>>();
  const tasks = new Set<Promise<unknown>>();
  const metrics = createMetricsRecorder();
  /** Run id -> the audio it is transcribing (or failed to): kept until its words are known, for a retry. */
  const heardAudio = new Map<string, Utterance>();
  /** Utterance ids minted for a retry -> the audio to transcribe again. */
  const retryAudio = new Map<string, Utterance>();
  let ids = 0;
  const newId = (prefix: string) => `${prefix}${(ids += 1)}`;

  const { wake } = options;
  const input = createAudioInput({
    vad: options.vad,
    clock,
    logger,
    emit: (event) => dispatch(event),
    ...(wake ? { wake, onWakeHeard: () => options.onNotice({ kind: 'wake_heard', phrase: wake.phraseLabel }) } : {}),
  });

  // Events are reduced one at a time, in order, even when a command's effect dispatches at once.
  const queue: VoiceEvent[] = [];
  let draining = false;

  function dispatch(event: VoiceEvent): void {
    if (closed) return;
    queue.push(event);
    if (draining) return;
    draining = true;
    try {
      while (queue.length > 0) {
        const next = queue.shift()!;
        let commands: VoiceCommand[];
        try {
          const reduction = reduce(state, next);
          state = reduction.state;
          commands = reduction.commands;
        } catch (error) {
          logger.error({ code: 'voice_reducer_failed', event: next.type, err: error }, 'the voice reducer threw; event ignored');
          continue;
        }
        for (const command of commands) {
          try {
            perform(command);
          } catch (error) {
            // A throwing output or listener must not lose the rest of the event's commands.
            logger.error({ code: 'voice_command_failed', command: command.type, err: error }, 'a voice command failed');
          }
        }
        releaseFinishedRuns();
      }
    } finally {
      draining = false;
    }
  }

  function perform(command: VoiceCommand): void {
    switch (command.type) {
      case 'transcribe':
        return track(transcribe(command.runId, command.utteranceId));
      case 'start_turn':
        return track(runTurn(command.runId, command.query));
      case 'record_turn':
        options.onTurnRecord?.({ runId: command.runId, query: command.query, heardText: command.heardText, interrupted: command.interrupted });
        return;
      case 'synthesize': {
        const previous = synthesisChains.get(command.runId) ?? Promise.resolve();
        const next = previous.then(() => synthesize(command.runId, command.segmentId, command.text));
        synthesisChains.set(command.runId, next);
        return track(next);
      }
      case 'play':
        return play(command.runId, command.chunkId, command.offsetMs ?? 0);
      case 'stop_playback':
        return output.stop(command.runId);
      case 'cancel_run':
        return cancelRun(command.runId);
      case 'set_timer':
        return setTimer(command.name, command.runId, command.ms);
      case 'log':
        logger[command.level]({ code: command.code, runId: command.runId }, command.message);
        return;
      case 'notify':
        options.onNotice(command.notice);
        return;
    }
  }

  // --- provider calls -------------------------------------------------------------------------

  async function transcribe(runId: string, utteranceId: string): Promise<void> {
    const utterance = input.take(utteranceId) ?? retryAudio.get(utteranceId);
    retryAudio.delete(utteranceId);
    if (utterance) {
      heardAudio.set(runId, utterance);
      if (heardAudio.size > MAX_KEPT_FOR_RETRY) heardAudio.delete(heardAudio.keys().next().value!);
    }
    metrics.begin(runId, utterance?.endedAt ?? clock.now(), true);
    if (!utterance) return fail(runId, 'stt', `no audio kept for utterance ${utteranceId}`, false);
    const signal = signalFor(runId);
    const requestedAt = clock.now();
    metrics.mark(runId, 'sttStartMs', requestedAt);
    try {
      const transcript = await stt.transcribe({
        audio: { samples: utterance.samples, sampleRate: INPUT_SAMPLE_RATE },
        signal,
        ...(languageNow() ? { language: languageNow()! } : {}),
      });
      if (signal.aborted) return;
      const now = clock.now();
      metrics.provider(runId, 'stt', stt.provider, requestedAt, now);
      metrics.mark(runId, 'sttFinalMs', now);
      let text = transcript.text;
      if (wake && input.tookPhrase(utteranceId)) {
        text = withoutWakePhrase(text, wake.phraseLabel);
        if (text) input.questionHeard();
      }
      if (text.trim() !== '') heardAudio.delete(runId);
      dispatch({ type: 'stt_final', atMs: now, runId, text });
    } catch (error) {
      if (!signal.aborted) failWith(runId, 'stt', error);
    }
  }

  /**
   * The question alone: the conversation's history is the orchestrator side's (the session store).
   * Deltas are spoken as they come; the final adds what they did not say (all of it when nothing
   * streamed). Tools run on the conversation side: their events only keep the run alive.
   */
  async function runTurn(runId: string, query: string): Promise<void> {
    const signal = signalFor(runId);
    const requestedAt = clock.now();
    metrics.begin(runId, requestedAt, false);
    metrics.mark(runId, 'turnStartMs', requestedAt);
    const context = options.turnContext ?? {};
    let finished = false;
    let said = '';
    const stream = orchestrator.processStream(query, {
      sessionId: context.sessionId ?? null,
      voiceMode: true,
      timeZone: context.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      locale: context.locale ?? options.language ?? 'en',
      signal,
    });
    const speak = (text: string, final: boolean, now: number) => {
      if (!final && text === '') return;
      metrics.provider(runId, 'turn', 'orchestrator', requestedAt, now);
      metrics.mark(runId, 'firstTurnChunkMs', now);
      said += text;
      dispatch({ type: 'turn_chunk', atMs: now, runId, text, final, agent: null });
    };
    try {
      // Leaving the loop early (a cancel, the final) closes the stream, so its finally blocks run.
      for await (const chunk of stream) {
        if (signal.aborted) return;
        const now = clock.now();
        try {
          options.onTurnChunk?.(runId, chunk);
        } catch (error) {
          logger.error({ code: 'voice_listener_failed', runId, err: error }, 'onTurnChunk threw');
        }
        if (chunk.type === 'delta') speak(chunk.text, false, now);
        else if (chunk.type === 'tool_call') dispatch({ type: 'tool_started', atMs: now, runId, callId: chunk.callId, name: chunk.name });
        else if (chunk.type === 'tool_result') dispatch({ type: 'tool_finished', atMs: now, runId, callId: chunk.callId, ok: chunk.ok });
        else if (chunk.type === 'final') {
          finished = true;
          speak(unsaid(chunk.text, said, (reason) => logger.warn({ code: 'voice_final_mismatch', runId }, reason)), true, now);
          break;
        }
      }
      if (!finished && !signal.aborted) fail(runId, 'turn', 'the orchestrator ended the turn without an answer', false);
    } catch (error) {
      if (!signal.aborted) failWith(runId, 'turn', error);
    }
  }

  async function synthesize(runId: string, segmentId: string, text: string): Promise<void> {
    const signal = signalFor(runId);
    if (signal.aborted) return;
    const requestedAt = clock.now();
    metrics.mark(runId, 'ttsStartMs', requestedAt);
    try {
      const stream = tts.synthesize({
        text,
        signal,
        ...(voiceNow() ? { voice: voiceNow()! } : {}),
        ...(languageNow() ? { language: languageNow()! } : {}),
        ...(options.speed ? { speed: options.speed } : {}),
        ...(options.outputSampleRate ? { sampleRate: options.outputSampleRate } : {}),
      });
      for await (const audio of stream) {
        if (signal.aborted) return;
        if (audio.samples.length === 0) continue;
        const now = clock.now();
        metrics.provider(runId, 'tts', tts.provider, requestedAt, now);
        metrics.mark(runId, 'firstTtsAudioMs', now);
        const chunkId = newId('a');
        chunks.set(chunkId, { runId, audio });
        dispatch({ type: 'tts_chunk', atMs: now, runId, segmentId, chunkId, durationMs: (audio.samples.length / audio.sampleRate) * 1000 });
      }
      if (signal.aborted) return;
      dispatch({ type: 'tts_done', atMs: clock.now(), runId, segmentId });
    } catch (error) {
      if (!signal.aborted) failWith(runId, 'tts', error, segmentId);
    }
  }

  /** Chunks stay kept until heard to the end: a false barge-in resumes one from `offsetMs`. */
  function play(runId: string, chunkId: string, offsetMs: number): void {
    const chunk = chunks.get(chunkId);
    if (!chunk) {
      logger.warn({ code: 'voice_chunk_missing', runId, chunkId }, 'asked to play audio that is not kept');
      return;
    }
    const { samples, sampleRate } = chunk.audio;
    const audio = offsetMs > 0 ? { samples: samples.subarray(Math.min(samples.length, Math.round((offsetMs * sampleRate) / 1000))), sampleRate } : chunk.audio;
    metrics.mark(runId, 'firstAudioSentMs', clock.now());
    output.play(runId, audio, chunkId);
  }

  // --- runs, timers and errors ----------------------------------------------------------------

  /** The run's signal; a run once cancelled or over stays aborted (the reducer never revives one). */
  function signalFor(runId: string): AbortSignal {
    let controller = controllers.get(runId);
    if (!controller) {
      controller = new AbortController();
      if (endedRuns.has(runId)) controller.abort(new DOMException('run is over', 'AbortError'));
      else controllers.set(runId, controller);
    }
    return controller.signal;
  }

  function endRun(runId: string): void {
    endedRuns.add(runId);
    if (endedRuns.size > MAX_ENDED_RUNS) endedRuns.delete(endedRuns.values().next().value!);
  }

  function cancelRun(runId: string): void {
    metrics.interrupted(runId);
    endRun(runId);
    controllers.get(runId)?.abort(new DOMException('run cancelled', 'AbortError'));
    for (const [chunkId, chunk] of chunks) if (chunk.runId === runId) chunks.delete(chunkId);
    synthesisChains.delete(runId);
  }

  /** Runs the reducer no longer holds are over: abort leftovers, clear their timers, report figures. */
  function releaseFinishedRuns(): void {
    const live = new Set([state.run?.id, state.interruptedRun?.id].filter((id): id is string => typeof id === 'string'));
    for (const [runId, controller] of controllers) {
      if (live.has(runId)) continue;
      endRun(runId);
      controller.abort(new DOMException('run finished', 'AbortError'));
      controllers.delete(runId);
      for (const [chunkId, chunk] of chunks) if (chunk.runId === runId) chunks.delete(chunkId);
      for (const [key, timer] of timers) {
        if (timer.runId !== runId) continue;
        timer.cancel();
        timers.delete(key);
      }
      synthesisChains.delete(runId);
      const figures = metrics.finish(runId);
      if (figures) options.onMetrics?.(runId, figures);
    }
  }

  function setTimer(name: string, runId: string | null, ms: number): void {
    const key = `${name}|${runId ?? ''}`;
    timers.get(key)?.cancel();
    const cancel = startTimer(() => {
      timers.delete(key);
      dispatch({ type: 'timer', atMs: clock.now(), name, runId });
    }, Math.max(0, ms));
    timers.set(key, { runId, cancel });
  }

  function sayWakeWordUnavailable(): void {
    const message = 'Wake word detection could not start (the log says why), so nothing is heard in this mode: choose Hands free or Push to talk.';
    fail(null, 'vad', message, false);
  }

  function failWith(runId: string, source: ErrorSource, error: unknown, segmentId?: string): void {
    const message = error instanceof Error ? error.message : String(error);
    fail(runId, source, message, isAppError(error) ? error.retryable : false, segmentId);
  }

  function fail(runId: string | null, source: ErrorSource, message: string, retryable: boolean, segmentId?: string): void {
    logger.warn({ code: `voice_${source}_failed`, runId, retryable, reason: message }, `${source} failed`);
    const noRecognizer = source === 'stt' && stt.provider === 'none';
    dispatch({ type: 'error', atMs: clock.now(), runId, source, message, retryable, ...(segmentId ? { segmentId } : {}), ...(noRecognizer ? { noRecognizer } : {}) });
  }

  function track(task: Promise<unknown>): void {
    tasks.add(task);
    void task
      .catch((error: unknown) => logger.error({ code: 'voice_task_failed', err: error }, 'a voice task failed'))
      .finally(() => tasks.delete(task));
  }

  if (state.mode === 'wake_word' && !wake) sayWakeWordUnavailable();

  return {
    pushAudio(samples16k) {
      const pushed = input.push(samples16k, state.mode);
      track(pushed);
      return pushed;
    },
    talkPressed() {
      input.pressTalk();
      dispatch({ type: 'talk_pressed', atMs: clock.now() });
    },
    talkReleased() {
      const { utteranceId, durationMs } = input.releaseTalk();
      dispatch({ type: 'talk_released', atMs: clock.now(), utteranceId, durationMs });
    },
    typed: (text) => dispatch({ type: 'text_input', atMs: clock.now(), text }),
    announce: (text, urgency = {}) => dispatch({ type: 'announce', atMs: clock.now(), text, urgent: urgency.urgent ?? false }),
    stop: () => dispatch({ type: 'stop', atMs: clock.now() }),
    retryTranscription(runId) {
      const kept = heardAudio.get(runId);
      if (!kept) return false;
      heardAudio.delete(runId);
      const utteranceId = newId('retry-u');
      retryAudio.set(utteranceId, kept);
      dispatch({ type: 'retry_transcription', atMs: clock.now(), utteranceId });
      // Still here: the reducer did not take it (the user is talking); kept for another try.
      if (!retryAudio.delete(utteranceId)) return true;
      heardAudio.set(runId, kept);
      return false;
    },
    interrupt: () => dispatch({ type: 'speech_started', atMs: clock.now() }),
    hangUp: () => dispatch({ type: 'hang_up', atMs: clock.now() }),
    playbackStarted(runId, chunkId) {
      metrics.mark(runId, 'firstAudioPlayedMs', clock.now());
      dispatch({ type: 'playback_started', atMs: clock.now(), runId, chunkId });
    },
    playbackProgress: (runId, heardMs) => dispatch({ type: 'playback_progress', atMs: clock.now(), runId, heardMs }),
    playbackEnded(runId, chunkId) {
      metrics.audioEnded(runId, clock.now());
      chunks.delete(chunkId);
      dispatch({ type: 'playback_ended', atMs: clock.now(), runId, chunkId });
    },
    playbackFailed: (runId, reason) => dispatch({ type: 'error', atMs: clock.now(), runId, source: 'playback', message: reason, retryable: false }),
    setMode(mode) {
      input.reset();
      dispatch({ type: 'mode_changed', atMs: clock.now(), mode });
      if (mode === 'wake_word' && !wake) sayWakeWordUnavailable();
    },
    dispatch,
    phase: () => state.phase,
    hearing: () => input.hearing(),
    async settled() {
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
    async close() {
      if (closed) return;
      for (const [runId, controller] of controllers) {
        controller.abort(new DOMException('voice runtime closed', 'AbortError'));
        output.stop(runId);
      }
      closed = true;
      for (const timer of timers.values()) timer.cancel();
      timers.clear();
      chunks.clear();
      input.close();
      await Promise.allSettled([...tasks]);
    },
  };
}

const hostTimer: VoiceSetTimer = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

/**
 * The final's text minus what the deltas already said. The conversation engine's final is exactly
 * its deltas joined; a final that is not (another producer) is spoken whole only if nothing was said.
 */
export function unsaid(finalText: string, said: string, warn: (reason: string) => void): string {
  if (finalText.startsWith(said)) return finalText.slice(said.length);
  if (said.trim() === '') return finalText;
  warn('the final answer does not continue what was already spoken; only the spoken part is heard');
  return '';
}
