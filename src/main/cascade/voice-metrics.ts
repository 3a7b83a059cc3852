// Latency of one voice turn, measured by the runtime on its clock. Every "...Ms" figure below is
// milliseconds after the end of the user's speech (null when the step never happened, e.g. a typed
// question has no end of speech, a cancelled run never played).

export type ProviderKind = 'stt' | 'turn' | 'tts';

export interface ProviderTiming {
  kind: ProviderKind;
  provider: string;
  /** From the request to its first result (transcript, orchestrator chunk, audio chunk). */
  ttfbMs: number;
}

export interface VoiceTurnMetrics {
  runId: string;
  /** Clock time the speech ended (or the run started, for typed input). */
  startedAt: number;
  fromSpeech: boolean;
  /** Audio sent for recognition. */
  sttStartMs: number | null;
  sttFinalMs: number | null;
  /** The orchestrator asked (the trace's steps count from here). */
  turnStartMs: number | null;
  firstTurnChunkMs: number | null;
  /** First sentence sent for synthesis. */
  ttsStartMs: number | null;
  firstTtsAudioMs: number | null;
  /** First audio handed to the output. */
  firstAudioSentMs: number | null;
  /** First audio the renderer reported playing. */
  firstAudioPlayedMs: number | null;
  /** The last audio chunk the renderer reported played to its end. */
  lastAudioEndedMs: number | null;
  /** End of speech to first audio heard: played when reported, else sent. */
  voiceToVoiceMs: number | null;
  /** First request of each kind in the run. */
  providers: ProviderTiming[];
  interrupted: boolean;
}

type Step =
  | 'sttStartMs'
  | 'sttFinalMs'
  | 'turnStartMs'
  | 'firstTurnChunkMs'
  | 'ttsStartMs'
  | 'firstTtsAudioMs'
  | 'firstAudioSentMs'
  | 'firstAudioPlayedMs';

export interface MetricsRecorder {
  begin(runId: string, startedAt: number, fromSpeech: boolean): void;
  /** Records the step's first occurrence only. */
  mark(runId: string, step: Step, at: number): void;
  /** A chunk finished playing: the latest one wins. */
  audioEnded(runId: string, at: number): void;
  provider(runId: string, kind: ProviderKind, provider: string, requestedAt: number, answeredAt: number): void;
  interrupted(runId: string): void;
  has(runId: string): boolean;
  /** Removes and returns the run's figures. */
  finish(runId: string): VoiceTurnMetrics | null;
}

export function createMetricsRecorder(): MetricsRecorder {
  const runs = new Map<string, VoiceTurnMetrics>();
  return {
    begin(runId, startedAt, fromSpeech) {
      if (runs.has(runId)) return;
      runs.set(runId, {
        runId,
        startedAt,
        fromSpeech,
        sttStartMs: null,
        sttFinalMs: null,
        turnStartMs: null,
        firstTurnChunkMs: null,
        ttsStartMs: null,
        firstTtsAudioMs: null,
        firstAudioSentMs: null,
        firstAudioPlayedMs: null,
        lastAudioEndedMs: null,
        voiceToVoiceMs: null,
        providers: [],
        interrupted: false,
      });
    },
    mark(runId, step, at) {
      const metrics = runs.get(runId);
      if (metrics && metrics[step] === null) metrics[step] = at - metrics.startedAt;
    },
    audioEnded(runId, at) {
      const metrics = runs.get(runId);
      if (metrics) metrics.lastAudioEndedMs = at - metrics.startedAt;
    },
    provider(runId, kind, provider, requestedAt, answeredAt) {
      const metrics = runs.get(runId);
      if (metrics && !metrics.providers.some((timing) => timing.kind === kind)) {
        metrics.providers.push({ kind, provider, ttfbMs: answeredAt - requestedAt });
      }
    },
    interrupted(runId) {
      const metrics = runs.get(runId);
      if (metrics) metrics.interrupted = true;
    },
    has: (runId) => runs.has(runId),
    finish(runId) {
      const metrics = runs.get(runId);
      if (!metrics) return null;
      runs.delete(runId);
      metrics.voiceToVoiceMs = metrics.fromSpeech ? (metrics.firstAudioPlayedMs ?? metrics.firstAudioSentMs) : null;
      return metrics;
    },
  };
}
