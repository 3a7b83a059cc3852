import type { AudioOut, AudioStop, VoiceEventPayload } from '../../shared/voice.ts';
import type { TurnTaking } from './voice-state.ts';
import { createAudioPlayer, type AudioPlayer, type PlaybackEvents } from '../audio/playback/audio-player.ts';
import type { AssistantClient } from '../client/connection.ts';
import type { AppStore } from './app-store.ts';
import { talkShortcutAction } from './talk-shortcut.ts';
import { speechRecognition } from './speech-recognition.ts';

export type VoiceActions = {
  /**
   * Barge-in from the renderer's VAD: silences playback at once, before any message, then tells
   * the host. `atMs` is when the VAD heard the speech start, on the `now` clock
   * (performance.now() in the page); the time from it to silence is stored as
   * `voice.lastBargeInStopMs`. Returns whether anything was playing.
   */
  interruptPlayback(atMs?: number): boolean;
  /**
   * A question was typed: silences the answer being played at once. The host cuts the run off
   * itself when the question reaches it (its later audio never comes), so nothing is sent.
   */
  silenceForNewQuestion(): void;
  /** Some assistant audio is scheduled or sounding in this window. */
  isPlaying(): boolean;
  /** Sends again what was said in a turn whose words could not be transcribed (the host kept the audio). */
  retryTranscription(turnKey: string): Promise<void>;
  /** The hold-to-talk button or key went down or up. */
  talk(action: 'press' | 'release'): Promise<void>;
  /** Switches push-to-talk / hands-free for this session and saves it as the default. */
  setVoiceMode(mode: TurnTaking): Promise<void>;
  /** Call from a user gesture: lets the page play audio (autoplay policy). */
  unlockAudio(): void;
  /**
   * The open microphone's way to send the audio it still holds. Called before a push-to-talk
   * release goes out, so the host has the end of the question when it closes the turn.
   * Returns the detach function.
   */
  attachMicrophone(flushPendingAudio: () => void): () => void;
};

/** What holding the talk key or button says while the microphone is off. */
export const MICROPHONE_OFF = 'The microphone is off: press “Start microphone” first, then hold to talk. Typing works meanwhile.';

export type VoiceActionOptions = {
  createPlayer?: (events: PlaybackEvents) => AudioPlayer;
  /** The clock `interruptPlayback`'s `atMs` is read on, ms. */
  now?: () => number;
};

/** Runs whose stale audio is dropped after a local barge-in, until the host's audioStop for them. */
const MAX_BLOCKED_RUNS = 16;

export function createVoiceActions(
  client: AssistantClient,
  store: AppStore,
  options: VoiceActionOptions = {},
): VoiceActions & { subscribeVoice(): () => void } {
  const app = () => store.getState();
  const now = options.now ?? (() => performance.now());
  const blockedRuns = new Set<string>();
  /** Runs this page said it could not play: the host's error about them is that same problem, already shown. */
  const unplayableRuns = new Set<string>();
  /** The last chunk of each run whose audio started: progress reports name it. */
  const lastStartedChunk = new Map<string, string>();
  let player: AudioPlayer | null = null;
  let flushMicrophone: (() => void) | null = null;

  const mySession = (sessionId: string) => sessionId === app().currentSessionId;

  function report(runId: string, chunkId: string, event: 'started' | 'progress' | 'ended', heardMs: number): void {
    const sessionId = app().currentSessionId;
    if (sessionId === null) return;
    void client.voicePlayback({ sessionId, runId, chunkId, event, heardMs: Math.round(heardMs) });
  }

  const events: PlaybackEvents = {
    started(runId, chunkId, heardMs) {
      lastStartedChunk.set(runId, chunkId);
      report(runId, chunkId, 'started', heardMs);
    },
    progress: (runId, chunkId, heardMs) => report(runId, chunkId, 'progress', heardMs),
    ended(runId, chunkId, heardMs) {
      report(runId, chunkId, 'ended', heardMs);
      app().setVoicePlaying(getPlayer().isPlaying());
    },
    cannotPlay(runId, problem) {
      block(runId);
      unplayableRuns.add(runId);
      if (unplayableRuns.size > MAX_BLOCKED_RUNS) unplayableRuns.delete(unplayableRuns.values().next().value!);
      app().setVoicePlaying(false);
      app().setPlaybackProblem(problem.message);
      const sessionId = app().currentSessionId;
      // The host shows the answer as text at once instead of waiting for reports that cannot come.
      if (sessionId !== null) void client.voicePlayback({ sessionId, runId, chunkId: lastStartedChunk.get(runId) ?? 'none', event: 'failed', heardMs: 0, reason: problem.message });
    },
    canPlay: () => app().setPlaybackProblem(null),
  };

  function getPlayer(): AudioPlayer {
    player ??= (options.createPlayer ?? ((e) => createAudioPlayer({ events: e })))(events);
    return player;
  }

  /** Stops locally; reports where the run's audio stopped so the host cuts the text there. */
  function stopLocally(runId: string | undefined): { stopped: number; runId: string | null } {
    if (!player) return { stopped: 0, runId: null };
    const current = runId ?? player.currentRunId();
    const { stopped, heardMs } = player.stop(runId);
    app().setVoicePlaying(player.isPlaying());
    const chunkId = current === null ? undefined : lastStartedChunk.get(current);
    if (stopped > 0 && current !== null && chunkId !== undefined) report(current, chunkId, 'progress', heardMs);
    return { stopped, runId: current };
  }

  function block(runId: string): void {
    blockedRuns.add(runId);
    if (blockedRuns.size > MAX_BLOCKED_RUNS) blockedRuns.delete(blockedRuns.values().next().value!);
  }

  function onAudioOut(event: AudioOut): void {
    if (!mySession(event.sessionId) || blockedRuns.has(event.runId)) return;
    getPlayer().enqueue(event);
    app().setVoicePlaying(true);
  }

  function onAudioStop(event: AudioStop): void {
    if (!mySession(event.sessionId)) return;
    // Audio the host sends after its own stop is a resume: let it play.
    blockedRuns.delete(event.runId);
    stopLocally(event.runId);
  }

  function onVoice(event: VoiceEventPayload): void {
    if (!mySession(event.sessionId)) return;
    if (event.notice.kind === 'error' && event.notice.runId !== null && unplayableRuns.has(event.notice.runId)) return;
    const previousRun = app().voice.runId;
    app().receiveVoiceNotice(event.notice);
    const { notice } = event;
    if (notice.kind === 'phase' && previousRun !== null && previousRun !== notice.runId) {
      if (player?.currentRunId() !== previousRun) {
        player?.forget(previousRun);
        lastStartedChunk.delete(previousRun);
      }
    }
  }

  function onTalkShortcut(): void {
    const action = talkShortcutAction(app());
    if (action !== null) void actions.talk(action);
  }

  async function request(what: string, reply: Promise<{ ok: boolean; error?: { message: string } }>): Promise<void> {
    const result = await reply;
    if (!result.ok) app().receiveVoiceNotice({ kind: 'error', runId: null, message: `${what}: ${result.error?.message ?? 'failed'}` });
  }

  const actions: VoiceActions & { subscribeVoice(): () => void } = {
    subscribeVoice() {
      const unsubscribers = [
        client.onVoice(onVoice),
        client.onAudioOut(onAudioOut),
        client.onAudioStop(onAudioStop),
        client.onTalkShortcut(onTalkShortcut),
      ];
      return () => {
        for (const unsubscribe of unsubscribers) unsubscribe();
        player?.close();
        player = null;
      };
    },
    interruptPlayback(atMs = now()) {
      if (!player?.isPlaying()) return false;
      const { runId } = stopLocally(undefined);
      app().recordBargeInStop(Math.max(0, now() - atMs));
      if (runId !== null) block(runId);
      const sessionId = app().currentSessionId;
      if (sessionId !== null) void request('Could not interrupt the answer', client.voiceInterrupt({ sessionId }));
      return true;
    },
    silenceForNewQuestion() {
      if (!player?.isPlaying()) return;
      const { runId } = stopLocally(undefined);
      if (runId !== null) block(runId);
    },
    isPlaying: () => player?.isPlaying() ?? false,
    async retryTranscription(turnKey) {
      const turn = app().conversation.turns.find((candidate) => candidate.key === turnKey);
      const sessionId = app().currentSessionId;
      if (!turn?.retryRunId || sessionId === null) return;
      const result = await client.voiceRetry({ sessionId, runId: turn.retryRunId });
      // The new attempt opens a turn of its own (its words, or another failure with Retry).
      if (result.ok) app().dropTurn(turnKey);
      else app().failTurn(turnKey, result.error.message);
    },
    async talk(action) {
      const sessionId = app().currentSessionId;
      // Nothing can understand speech: the voice bar already says why and offers the fix.
      if (action === 'press' && !speechRecognition(app().status).usable) return;
      // Listening with no microphone would record nothing and answer nothing: say so instead.
      if (action === 'press' && !app().microphoneOn) {
        app().receiveVoiceNotice({ kind: 'error', runId: null, message: MICROPHONE_OFF });
        return;
      }
      if (action === 'release' && !app().voice.talking) return;
      app().setTalking(action === 'press');
      if (action === 'press') {
        getPlayer().unlock();
        // Pressing to talk is a deliberate barge-in: silent at once; the host cancels the run.
        const { stopped, runId } = stopLocally(undefined);
        if (stopped > 0 && runId !== null) block(runId);
      } else {
        // Sent before the release on the same ordered channel, so it reaches the turn it ends.
        flushMicrophone?.();
      }
      if (sessionId === null) return;
      await request(action === 'press' ? 'Could not start listening' : 'Could not end the question', client.voiceTalk({ sessionId, action }));
    },
    async setVoiceMode(mode) {
      app().setVoiceMode(mode);
      const sessionId = app().currentSessionId;
      if (sessionId !== null) await request('Could not switch the voice mode', client.voiceSetMode({ sessionId, mode }));
      const saved = await client.updateSettings({ voice: { mode } });
      if (saved.ok) app().receiveSettings(saved.value);
      else app().reportError(`Could not save the voice mode: ${saved.error.message}`);
    },
    unlockAudio() {
      getPlayer().unlock();
    },
    attachMicrophone(flushPendingAudio) {
      flushMicrophone = flushPendingAudio;
      return () => {
        if (flushMicrophone === flushPendingAudio) flushMicrophone = null;
      };
    },
  };
  return actions;
}
