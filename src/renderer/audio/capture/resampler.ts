// Streaming sample-rate conversion of the microphone (44.1/48 kHz float) to 16 kHz, pure so it
// runs in the AudioWorklet and in node tests alike. Windowed-sinc (Kaiser) polyphase filter: the
// low-pass and the rate change in one pass, so nothing above the output's Nyquist folds back.

export const TARGET_SAMPLE_RATE = 16000;

/** Hz. Speech keeps what matters below 6.6 kHz; 8 kHz and up (16 kHz's Nyquist) is removed. */
const PASSBAND_EDGE_HZ = 6600;
const STOPBAND_EDGE_HZ = 8000;
/** dB of stopband attenuation the Kaiser window is designed for. */
const STOPBAND_ATTENUATION_DB = 70;

export type Resampler = {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Writes the outputs that `input` completes into `output` (from 0) and returns their count. */
  process(input: Float32Array, output: Float32Array): number;
  /** Most outputs one call with `inputLength` samples can produce (size `output` with it). */
  maxOutputFor(inputLength: number): number;
};

export function createResampler(inputRate: number, outputRate = TARGET_SAMPLE_RATE): Resampler {
  if (!Number.isInteger(inputRate) || !Number.isInteger(outputRate) || inputRate <= 0 || outputRate <= 0) {
    throw new Error(`sample rates must be positive integers, got ${inputRate} -> ${outputRate}`);
  }
  const divisor = gcd(inputRate, outputRate);
  // Output n sits at input position n * step / phases: `phases` distinct fractional offsets.
  const phases = outputRate / divisor;
  const step = inputRate / divisor;
  const scale = Math.min(1, outputRate / inputRate);
  const passband = PASSBAND_EDGE_HZ * (outputRate / TARGET_SAMPLE_RATE);
  const stopband = STOPBAND_EDGE_HZ * (outputRate / TARGET_SAMPLE_RATE);
  const cutoff = Math.min((passband + stopband) / 2, (inputRate / 2) * 0.95) / inputRate; // cycles per input sample
  const transition = Math.max(stopband - passband, 1) / inputRate;
  const beta = 0.1102 * (STOPBAND_ATTENUATION_DB - 8.7);
  // Kaiser's estimate of the filter order for that attenuation and transition width.
  const order = Math.ceil((STOPBAND_ATTENUATION_DB - 8) / (2.285 * 2 * Math.PI * Math.min(transition, 0.5 * scale)));
  const half = Math.max(2, Math.ceil(order / 2));
  const taps = 2 * half;
  const bank = buildBank(phases, half, cutoff, beta);

  // history[0] is input sample `historyStart` (absolute index); before the stream all is silence.
  let history = new Float32Array(taps + 4096);
  let historyLength = half - 1;
  let historyStart = -(half - 1);
  let centre = 0;
  let phase = 0;

  return {
    inputRate,
    outputRate,
    maxOutputFor: (inputLength) => Math.ceil(((inputLength + 1) * phases) / step) + 1,
    process(input, output) {
      if (historyLength + input.length > history.length) {
        const grown = new Float32Array(historyLength + input.length + taps);
        grown.set(history.subarray(0, historyLength));
        history = grown;
      }
      history.set(input, historyLength);
      historyLength += input.length;
      const available = historyStart + historyLength;
      let produced = 0;
      // Output at `centre + phase/phases` uses inputs centre-half+1 .. centre+half.
      while (centre + half < available && produced < output.length) {
        const first = centre - half + 1 - historyStart;
        const kernel = bank[phase] as Float32Array;
        let sum = 0;
        for (let j = 0; j < taps; j++) sum += (history[first + j] as number) * (kernel[j] as number);
        output[produced++] = sum;
        phase += step;
        centre += Math.floor(phase / phases);
        phase %= phases;
      }
      const keepFrom = centre - half + 1 - historyStart;
      if (keepFrom > 0) {
        history.copyWithin(0, keepFrom, historyLength);
        historyLength -= keepFrom;
        historyStart += keepFrom;
      }
      return produced;
    },
  };
}

/** bank[p][j]: weight of input centre-half+1+j for the output at centre + p/phases. */
function buildBank(phases: number, half: number, cutoff: number, beta: number): Float32Array[] {
  const bank: Float32Array[] = [];
  const norm = besselI0(beta);
  for (let p = 0; p < phases; p++) {
    const kernel = new Float32Array(2 * half);
    let total = 0;
    for (let j = 0; j < 2 * half; j++) {
      const distance = p / phases + half - 1 - j; // input samples from the output's position
      const ratio = distance / half;
      const window = Math.abs(ratio) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - ratio * ratio)) / norm;
      const weight = 2 * cutoff * sinc(2 * cutoff * distance) * window;
      kernel[j] = weight;
      total += weight;
    }
    // Unity gain at DC for every phase, so a constant stays constant.
    for (let j = 0; j < kernel.length; j++) kernel[j] = (kernel[j] as number) / total;
    bank.push(kernel);
  }
  return bank;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const quarter = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= quarter / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
