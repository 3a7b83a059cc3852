import type { VadEvent } from '../../../ports/vad.ts';
import { AudioHistory, BLOCK_SAMPLES, BLOCKS_PER_FRAME, FRAME_SAMPLES, SAMPLE_RATE } from './audio-history.ts';

export interface SegmenterOptions {
  /** Speech starts at a frame whose probability reaches this. */
  positiveThreshold: number;
  /** Speech continues while frames stay at or above this (hysteresis: below positiveThreshold). */
  negativeThreshold: number;
  /** Speech shorter than this (onset to end) is noise: dropped, or reported (see reportShortBursts). */
  minSpeechMs: number;
  /** Silence that ends speech, counted from the end of the last voiced frame. */
  minSilenceMs: number;
  /** Audio kept before the onset in `speech_ended.audio`. */
  preSpeechPadMs: number;
  /** Audio kept after the end in `speech_ended.audio`; at most minSilenceMs. */
  postSpeechPadMs: number;
  /** Longer speech is cut here (speech_ended), and a new segment starts at the next speech frame. */
  maxSpeechMs: number;
  /**
   * false: speech_started only once speech has lasted minSpeechMs (its atMs is still the onset);
   * shorter bursts produce no events. true: speech_started at the first speech frame, and every
   * burst ends with speech_ended, short ones included (atMs - startedAtMs < minSpeechMs), so a
   * consumer can react at once and treat the short ones as noise.
   */
  reportShortBursts: boolean;
  /** Move the model's frame-grained edges to where the signal's energy starts and stops (below). */
  refineEdges: boolean;
}

// Edge refinement. Silero reports 32 ms frames and lags the signal: on espeak speech its first
// speech frame starts -20..+106 ms after the true onset (fricatives such as /s/ are heard late),
// and a weak final consonant after a stop closure ("lights") can fall below the negative threshold
// 190 ms before the sound ends. Once the model has found speech, the edges are moved to the
// first/last 8 ms block whose energy stands above the background, searching at most
// EDGE_SEARCH_MS beyond the model's edge and crossing quiet gaps up to EDGE_MAX_GAP_MS (a stop
// closure). The model alone decides whether there is speech; energy only places its edges.
const EDGE_SEARCH_MS = 192;
const EDGE_MAX_GAP_MS = 96;
/** Block RMS (Int16 scale) that counts as sound in digital silence: about -56 dBFS. */
const ENERGY_FLOOR = 50;
/** A block is sound when its RMS is this many times the background's (about +10 dB). */
const NOISE_MARGIN = 3.2;
/** Background level = median RMS of the most recent non-speech frames (about 1 s of them). */
const NOISE_FRAMES = 31;

const msToSamples = (ms: number) => Math.round((ms * SAMPLE_RATE) / 1000);
const samplesToMs = (samples: number) => (samples * 1000) / SAMPLE_RATE;

interface OpenSegment {
  /** Sample index (stream time) where speech starts. */
  onset: number;
  /** Frame index of the last frame at or above the negative threshold. */
  lastVoicedFrame: number;
  started: boolean;
}

/**
 * Turns per-frame speech probabilities into speech_started / speech_ended events with hysteresis
 * and minimum durations. Pure bookkeeping: no model, no I/O. Frames are 512 samples at 16 kHz.
 */
export class SpeechSegmenter {
  private readonly options: SegmenterOptions;
  private readonly history: AudioHistory;
  private segment: OpenSegment | null = null;
  /** Frames processed since the last reset. */
  private frameCount = 0;
  /** First sample that the next segment's onset search may reach (end of the last segment). */
  private searchFloor = 0;
  private readonly noise: number[] = [];

  constructor(options: SegmenterOptions) {
    this.options = { ...options, postSpeechPadMs: Math.min(options.postSpeechPadMs, options.minSilenceMs) };
    this.history = new AudioHistory();
  }

  reset(): void {
    this.history.clear();
    this.segment = null;
    this.frameCount = 0;
    this.searchFloor = 0;
    this.noise.length = 0;
  }

  /** Samples seen since the last reset (the stream's length in samples). */
  get streamSamples(): number {
    return this.frameCount * FRAME_SAMPLES;
  }

  /** One 512-sample frame and the model's speech probability for it. */
  processFrame(samples: Int16Array, probability: number): VadEvent[] {
    const frame = this.frameCount++;
    this.history.append(samples);
    const events: VadEvent[] = [];
    const { positiveThreshold, negativeThreshold } = this.options;
    const segment = this.segment;

    if (!segment) {
      if (probability >= positiveThreshold) {
        const onset = this.options.refineEdges ? this.refineOnset(frame) : frame * FRAME_SAMPLES;
        this.segment = { onset, lastVoicedFrame: frame, started: this.options.reportShortBursts };
        if (this.options.reportShortBursts) events.push({ type: 'speech_started', atMs: samplesToMs(onset) });
        this.confirmIfLongEnough(events);
      } else {
        if (probability < negativeThreshold) this.noteBackground(frame);
        this.history.trim(this.keepFrom());
      }
      return events;
    }

    if (probability >= negativeThreshold) {
      segment.lastVoicedFrame = frame;
      this.confirmIfLongEnough(events);
      const frameEnd = (frame + 1) * FRAME_SAMPLES;
      if (segment.started && frameEnd - segment.onset >= msToSamples(this.options.maxSpeechMs)) {
        this.close(frameEnd, events);
      }
      return events;
    }

    const silenceSamples = (frame + 1 - (segment.lastVoicedFrame + 1)) * FRAME_SAMPLES;
    if (silenceSamples >= msToSamples(this.options.minSilenceMs)) this.endSegment(events);
    return events;
  }

  /** End of stream: closes open speech as if silence followed. The stream then starts afresh. */
  finish(): VadEvent[] {
    const events: VadEvent[] = [];
    if (this.segment) this.endSegment(events);
    this.reset();
    return events;
  }

  private confirmIfLongEnough(events: VadEvent[]): void {
    const segment = this.segment;
    if (!segment || segment.started) return;
    const voicedEnd = (segment.lastVoicedFrame + 1) * FRAME_SAMPLES;
    if (voicedEnd - segment.onset >= msToSamples(this.options.minSpeechMs)) {
      segment.started = true;
      events.push({ type: 'speech_started', atMs: samplesToMs(segment.onset) });
    }
  }

  private endSegment(events: VadEvent[]): void {
    const segment = this.segment;
    if (!segment) return;
    const end = this.options.refineEdges
      ? this.refineEnd(segment.lastVoicedFrame, segment.onset)
      : (segment.lastVoicedFrame + 1) * FRAME_SAMPLES;
    if (!segment.started && end - segment.onset >= msToSamples(this.options.minSpeechMs)) {
      segment.started = true;
      events.push({ type: 'speech_started', atMs: samplesToMs(segment.onset) });
    }
    if (segment.started) {
      this.close(end, events);
    } else {
      this.segment = null;
      this.searchFloor = end;
      this.history.trim(this.keepFrom());
    }
  }

  private close(end: number, events: VadEvent[]): void {
    const segment = this.segment as OpenSegment;
    const from = segment.onset - msToSamples(this.options.preSpeechPadMs);
    const to = end + msToSamples(this.options.postSpeechPadMs);
    events.push({
      type: 'speech_ended',
      atMs: samplesToMs(end),
      startedAtMs: samplesToMs(segment.onset),
      audio: this.history.slice(from, to),
      sampleRate: SAMPLE_RATE,
    });
    this.segment = null;
    this.searchFloor = end;
    this.history.trim(this.keepFrom());
  }

  /** Outside speech, history needed for the next onset: padding plus the onset search. */
  private keepFrom(): number {
    const back = msToSamples(this.options.preSpeechPadMs + EDGE_SEARCH_MS) + FRAME_SAMPLES;
    return Math.max(0, this.streamSamples - back);
  }

  private noteBackground(frame: number): void {
    this.noise.push(this.history.frameRms(frame));
    if (this.noise.length > NOISE_FRAMES) this.noise.shift();
  }

  /** Block RMS that counts as sound against the current background. */
  private soundThreshold(): number {
    const sorted = [...this.noise].sort((a, b) => a - b);
    const background = sorted.length > 0 ? (sorted[sorted.length >> 1] as number) : 0;
    return Math.max(ENERGY_FLOOR, background * NOISE_MARGIN);
  }

  private refineOnset(frame: number): number {
    const threshold = this.soundThreshold();
    const isSound = (block: number) => this.history.blockRms(block) >= threshold;
    const firstBlock = frame * BLOCKS_PER_FRAME;
    let onset = -1;
    for (let block = firstBlock; block < firstBlock + BLOCKS_PER_FRAME; block++) {
      if (isSound(block)) {
        onset = block;
        break;
      }
    }
    if (onset < 0) return frame * FRAME_SAMPLES;
    const limit = Math.max(
      firstBlock - msToSamples(EDGE_SEARCH_MS) / BLOCK_SAMPLES,
      Math.ceil(this.searchFloor / BLOCK_SAMPLES),
      this.history.firstBlock,
    );
    const maxGap = msToSamples(EDGE_MAX_GAP_MS) / BLOCK_SAMPLES;
    let quiet = 0;
    for (let block = onset - 1; block >= limit && quiet <= maxGap; block--) {
      if (isSound(block)) {
        onset = block;
        quiet = 0;
      } else {
        quiet++;
      }
    }
    return onset * BLOCK_SAMPLES;
  }

  private refineEnd(lastVoicedFrame: number, onset: number): number {
    const threshold = this.soundThreshold();
    const isSound = (block: number) => this.history.blockRms(block) >= threshold;
    const searchBlocks = msToSamples(EDGE_SEARCH_MS) / BLOCK_SAMPLES;
    const modelEnd = (lastVoicedFrame + 1) * BLOCKS_PER_FRAME;
    // The model stays above the negative threshold a frame or two past the sound: find the last
    // sounding block at or before its edge first.
    let end = -1;
    for (let block = modelEnd - 1; block >= Math.max(modelEnd - searchBlocks, onset / BLOCK_SAMPLES); block--) {
      if (isSound(block)) {
        end = block;
        break;
      }
    }
    if (end < 0) return modelEnd * BLOCK_SAMPLES;
    const limit = Math.min(modelEnd + searchBlocks, this.history.endBlock);
    const maxGap = msToSamples(EDGE_MAX_GAP_MS) / BLOCK_SAMPLES;
    let quiet = 0;
    for (let block = end + 1; block < limit && quiet <= maxGap; block++) {
      if (isSound(block)) {
        end = block;
        quiet = 0;
      } else {
        quiet++;
      }
    }
    return (end + 1) * BLOCK_SAMPLES;
  }
}
