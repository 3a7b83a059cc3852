// Silero speech probabilities, the same in main's VAD and the page's: speech starts at the speech
// threshold and, once started, lasts until the probability falls below the end threshold, this gap
// lower (hysteresis, so a dip in the middle of a word does not end it).

export const DEFAULT_SPEECH_THRESHOLD = 0.5;
const END_OF_SPEECH_GAP = 0.15;
const MIN_END_THRESHOLD = 0.05;

/** The probability below which speech ends, for a given speech threshold (0.35 for the default 0.5). */
export const endOfSpeechThreshold = (speechThreshold: number) => Math.max(MIN_END_THRESHOLD, speechThreshold - END_OF_SPEECH_GAP);
