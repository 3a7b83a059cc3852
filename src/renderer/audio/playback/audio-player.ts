import { decodePcm16Base64, durationS } from './pcm16-decode.ts';
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

export type PlaybackChunk = { runId: string; chunkId: string; sampleRate: number; pcm16: string };

export type PlaybackEvents = {
  started(runId: string, chunkId: string, heardMs: number): void;
  ended(runId: string, chunkId: string, heardMs: number): void;
  /** While a chunk plays, every `progressEveryMs`: the run's audio heard so far. */
  progress(runId: string, chunkId: string, heardMs: number): void;
  /** The page cannot play sound: `runId`'s audio was dropped (it was never heard). */
  cannotPlay?(runId: string, problem: PlaybackProblem): void;
  /** Sound plays again after a problem (the context runs). */
  canPlay?(): void;
};

/**
 * Why a page cannot play: `blocked`, the browser keeps sound off until the user interacts with
 * the page (autoplay rules, or the tab's audio was suspended); `no_output`, no audio output opens.
 */
export type PlaybackProblem = { kind: 'blocked' | 'no_output'; message: string };

/** How long a suspended context may stay so with audio queued before the page says it cannot play, ms. */
export const BLOCKED_AFTER_MS = 1000;

export interface AudioPlayer {
  enqueue(chunk: PlaybackChunk): void;
  /** Silences the chunks of `runId` (every run without one) at once; returns the run's heard ms. */
  stop(runId?: string): { stopped: number; heardMs: number };
  /** Some chunk is scheduled or sounding. */
  isPlaying(): boolean;
  /** The run currently scheduled (the oldest one queued), or null. */
  currentRunId(): string | null;
  /** Audio of `runId` heard so far (the current run without one), ms. */
  heardMs(runId?: string): number;
  /** The run is over: forget its heard total. */
  forget(runId: string): void;
  /** Creates and resumes the AudioContext: call from a user gesture (autoplay policy). */
  unlock(): void;
  close(): void;
}

/** The parts of the Web Audio API the player uses (a fake stands in for it in tests). */
export type PlayerAudioContext = Pick<
  AudioContext,
  'currentTime' | 'state' | 'destination' | 'createBuffer' | 'createBufferSource' | 'resume' | 'close' | 'onstatechange'
>;

export type AudioPlayerOptions = {
  events: PlaybackEvents;
  createContext?: () => PlayerAudioContext;
  /** Head start of the first chunk after silence, ms: covers the time to hand it to the audio thread. */
  leadMs?: number;
  progressEveryMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
};

type Source = { runId: string; node: AudioBufferSourceNode };

/**
 * Plays streamed PCM16 chunks back to back on one AudioContext. The schedule is pure data
 * (playback-schedule.ts); this file only turns it into source nodes and wakes up at the context
 * times where chunks start and end.
 */
export function createAudioPlayer(options: AudioPlayerOptions): AudioPlayer {
  const leadS = (options.leadMs ?? 40) / 1000;
  const progressEveryMs = options.progressEveryMs ?? 250;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const createContext = options.createContext ?? (() => new AudioContext({ latencyHint: 'interactive' }));

  let context: PlayerAudioContext | null = null;
  let schedule: PlaybackSchedule = emptySchedule();
  const sources = new Map<string, Source>();
  let wake: unknown = null;
  let lastProgressS = Number.NEGATIVE_INFINITY;
  /** Set while a suspended context has audio queued: when it fires, the page says it cannot play. */
  let blockedCheck: unknown = null;
  let problem: PlaybackProblem | null = null;

  const audio = (): PlayerAudioContext => {
    if (!context) {
      context = createContext();
      context.onstatechange = () => {
        if (context?.state !== 'running') return;
        if (problem !== null) options.events.canPlay?.();
        problem = null;
        tick();
      };
    }
    // Autoplay rules keep a context suspended until a user gesture; trying again costs nothing.
    if (context.state === 'suspended') void context.resume().catch(() => {});
    return context;
  };

  /** Drops every queued chunk and says why: the run's audio will never be heard here. */
  function cannotPlay(runId: string, reason: PlaybackProblem): void {
    problem = reason;
    stopSources(null);
    schedule = stopAt(schedule, null, now()).schedule;
    planWake();
    options.events.cannotPlay?.(runId, reason);
  }

  function watchForBlocked(runId: string): void {
    if (blockedCheck !== null || context?.state === 'running') return;
    blockedCheck = setTimer(() => {
      blockedCheck = null;
      if (!context || context.state === 'running' || schedule.chunks.length === 0) return;
      cannotPlay(schedule.chunks[0]?.runId ?? runId, {
        kind: 'blocked',
        message: 'This page is not allowed to play sound yet (the browser keeps it off until you click or press a key in the page). Answers are shown as text until then.',
      });
    }, BLOCKED_AFTER_MS);
  }

  function stopSources(target: string | null): number {
    let stopped = 0;
    for (const [key, source] of sources) {
      if (target !== null && source.runId !== target) continue;
      try {
        source.node.stop();
      } catch {
        // Already stopped by the audio thread.
      }
      source.node.disconnect();
      sources.delete(key);
      stopped += 1;
    }
    return stopped;
  }
  const now = () => context?.currentTime ?? 0;
  const sourceKey = (runId: string, chunkId: string) => `${runId}\u0000${chunkId}`;

  function tick(): void {
    wake = null;
    const nowS = now();
    const step = advance(schedule, nowS);
    schedule = step.schedule;
    for (const { kind, chunk } of step.transitions) {
      if (kind === 'started') {
        // Heard at its own start, not at `nowS` (the wake-up may come a little late).
        options.events.started(chunk.runId, chunk.chunkId, heardMsAt(schedule, chunk.runId, chunk.startS));
        continue;
      }
      sources.delete(sourceKey(chunk.runId, chunk.chunkId));
      options.events.ended(chunk.runId, chunk.chunkId, heardMsAt(schedule, chunk.runId, nowS));
    }
    const playing = playingAt(schedule, nowS);
    if (playing && (nowS - lastProgressS) * 1000 >= progressEveryMs) {
      lastProgressS = nowS;
      options.events.progress(playing.runId, playing.chunkId, heardMsAt(schedule, playing.runId, nowS));
    }
    planWake();
  }

  function planWake(): void {
    if (wake !== null) clearTimer(wake);
    wake = null;
    const nextS = nextEventS(schedule);
    if (nextS === null) return;
    const untilEventMs = Math.max(0, (nextS - now()) * 1000);
    const untilProgressMs = playingAt(schedule, now()) ? progressEveryMs : Number.POSITIVE_INFINITY;
    // A suspended context does not advance: tick() then simply finds nothing due and waits again.
    wake = setTimer(tick, Math.max(5, Math.min(untilEventMs, untilProgressMs)));
  }

  return {
    enqueue(chunk) {
      let ctx: PlayerAudioContext;
      try {
        ctx = audio();
      } catch (error) {
        options.events.cannotPlay?.(chunk.runId, { kind: 'no_output', message: `This page could not open a sound output (${(error as Error).message}). Answers are shown as text; check the computer's sound output, then reload the page.` });
        return;
      }
      const samples = decodePcm16Base64(chunk.pcm16);
      if (samples.length === 0) return;
      const buffer = ctx.createBuffer(1, samples.length, chunk.sampleRate);
      buffer.copyToChannel(samples, 0);
      const placedAt = placeChunk(
        schedule,
        { runId: chunk.runId, chunkId: chunk.chunkId, durationS: durationS(samples.length, chunk.sampleRate) },
        ctx.currentTime,
        leadS,
      );
      schedule = placedAt.schedule;
      const node = ctx.createBufferSource();
      node.buffer = buffer;
      node.connect(ctx.destination);
      // The audio thread's own end event: timers in a hidden tab may be throttled to once a minute.
      node.onended = () => tick();
      node.start(placedAt.placed.startS);
      sources.set(sourceKey(chunk.runId, chunk.chunkId), { runId: chunk.runId, node });
      planWake();
      if (ctx.state === 'running') return;
      if (problem !== null) cannotPlay(chunk.runId, problem);
      else watchForBlocked(chunk.runId);
    },
    stop(runId) {
      const nowS = now();
      const target = runId ?? null;
      // Silence first: everything else can wait for the audio to be gone.
      const stopped = stopSources(target);
      const reportRun = target ?? schedule.chunks[0]?.runId ?? null;
      schedule = stopAt(schedule, target, nowS).schedule;
      planWake();
      return { stopped, heardMs: reportRun === null ? 0 : heardMsAt(schedule, reportRun, nowS) };
    },
    isPlaying: () => schedule.chunks.length > 0,
    currentRunId: () => schedule.chunks[0]?.runId ?? null,
    heardMs(runId) {
      const run = runId ?? schedule.chunks[0]?.runId;
      return run === undefined ? 0 : heardMsAt(schedule, run, now());
    },
    forget(runId) {
      schedule = forgetRun(schedule, runId);
    },
    unlock() {
      audio();
    },
    close() {
      for (const source of sources.values()) {
        try {
          source.node.stop();
        } catch {
          // Already stopped.
        }
      }
      sources.clear();
      if (wake !== null) clearTimer(wake);
      if (blockedCheck !== null) clearTimer(blockedCheck);
      wake = null;
      blockedCheck = null;
      schedule = emptySchedule();
      void context?.close().catch(() => {});
      context = null;
    },
  };
}

/** Resumes the player's AudioContext on the first user gesture (autoplay policy). */
export function resumeOnFirstGesture(target: EventTarget, resume: () => void): () => void {
  const events = ['pointerdown', 'keydown', 'touchend'] as const;
  const handler = () => {
    resume();
    for (const event of events) target.removeEventListener(event, handler, true);
  };
  for (const event of events) target.addEventListener(event, handler, true);
  return () => {
    for (const event of events) target.removeEventListener(event, handler, true);
  };
}
