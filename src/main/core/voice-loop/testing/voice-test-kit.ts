// Helpers for the reducer's tests: events without times get increasing ones, commands are picked
// by type. Lives beside the tests; not used by production code.

import { createVoiceReducer, initialVoiceState, type VoiceReducerOptions } from '../voice-reducer.ts';
import type { VoiceCommand, VoiceEvent, VoiceNotice, VoiceState } from '../voice-types.ts';

type WithoutTime<T> = T extends unknown ? Omit<T, 'atMs'> & { atMs?: number } : never;
export type TestEvent = WithoutTime<VoiceEvent>;

export interface Played {
  state: VoiceState;
  commands: VoiceCommand[];
}

/** Feeds events in order (10 ms apart unless `atMs` is given) and collects every command. */
export function feed(events: TestEvent[], start: VoiceState = initialVoiceState('hands_free'), options: Partial<VoiceReducerOptions> = {}): Played {
  const reducer = createVoiceReducer(options);
  let state = start;
  let clock = lastTime.get(start) ?? 0;
  const commands: VoiceCommand[] = [];
  for (const event of events) {
    clock = event.atMs ?? clock + 10;
    const out = reducer(state, { ...event, atMs: clock } as VoiceEvent);
    state = out.state;
    commands.push(...out.commands);
  }
  lastTime.set(state, clock);
  return { state, commands };
}

const lastTime = new WeakMap<VoiceState, number>();

export const ofType = <T extends VoiceCommand['type']>(commands: VoiceCommand[], type: T): Extract<VoiceCommand, { type: T }>[] =>
  commands.filter((command): command is Extract<VoiceCommand, { type: T }> => command.type === type);

export const notices = <K extends VoiceNotice['kind']>(commands: VoiceCommand[], kind: K): Extract<VoiceNotice, { kind: K }>[] =>
  ofType(commands, 'notify')
    .map((command) => command.notice)
    .filter((notice): notice is Extract<VoiceNotice, { kind: K }> => notice.kind === kind);

export const phases = (commands: VoiceCommand[]): string[] => notices(commands, 'phase').map((notice) => notice.phase);

/** Commands that act on the world (no logs, timers or notices), as compact strings. */
export const actions = (commands: VoiceCommand[]): string[] =>
  commands.flatMap((command) => {
    switch (command.type) {
      case 'transcribe': return [`transcribe ${command.runId} ${command.utteranceId}`];
      case 'start_turn': return [`start_turn ${command.runId} "${command.query}"`];
      case 'synthesize': return [`synthesize ${command.segmentId} "${command.text}"`];
      case 'play': return [`play ${command.chunkId}${command.offsetMs === undefined ? '' : ` @${command.offsetMs}`}`];
      case 'stop_playback': return [`stop_playback ${command.runId}`];
      case 'cancel_run': return [`cancel_run ${command.runId}`];
      default: return [];
    }
  });

/** The exchanges the reducer recorded, as the conversation would store them. */
export const records = (commands: VoiceCommand[]) =>
  commands.flatMap((command) => (command.type === 'record_turn' ? [{ runId: command.runId, query: command.query, heard: command.heardText, interrupted: command.interrupted }] : []));

/** A user utterance in hands-free mode, transcribed as `text`. */
export const spoken = (runId: string, utteranceId: string, text: string, durationMs = 900): TestEvent[] => [
  { type: 'speech_started' },
  { type: 'speech_ended', utteranceId, durationMs },
  { type: 'stt_final', runId, text },
];

/** One segment synthesized as one chunk and played to its end. */
export const segmentAudio = (runId: string, segmentId: string, chunkId: string, durationMs: number): TestEvent[] => [
  { type: 'tts_chunk', runId, segmentId, chunkId, durationMs },
  { type: 'tts_done', runId, segmentId },
  { type: 'playback_started', runId, chunkId },
  { type: 'playback_ended', runId, chunkId },
];
