import { distance } from 'fastest-levenshtein';

// Takes the wake phrase off the front of a transcript: "Hey, Jarvis. What time is it?" -> "What time
// is it?". Speech recognisers spell the phrase many ways ("Hey Jarvis", "Hey, Jervis!", "Jarvis,"),
// so the phrase's last word (the name) is matched loosely among the first words.

/** How many leading words may come before the name ("hey", "ok", "so hey"). */
const MAX_WORDS_BEFORE_NAME = 2;
/** Words a recogniser writes before the name besides the phrase's own ("Okay, hey Jarvis"). */
const FILLERS = new Set(['ok', 'okay', 'hi', 'hello', 'so', 'um', 'uh', 'oh', 'a', 'hay', 'he']);

export function withoutWakePhrase(transcript: string, phraseLabel: string): string {
  const phraseWords = phraseLabel.split(/\s+/).map(lettersOf);
  const name = phraseWords.at(-1) ?? '';
  if (!name) return transcript.trim();
  const mayPrecede = (word: string) => FILLERS.has(word) || phraseWords.includes(word);
  const words = [...transcript.matchAll(/[\p{L}\p{N}'’]+/gu)];
  for (let index = 0; index <= MAX_WORDS_BEFORE_NAME && index < words.length; index++) {
    const word = words[index]!;
    if (!soundsLike(lettersOf(word[0]), name)) {
      if (mayPrecede(lettersOf(word[0]))) continue;
      break;
    }
    const rest = transcript.slice(word.index + word[0].length).replace(/^[\s\p{P}]+/u, '');
    return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : '';
  }
  return transcript.trim();
}

const lettersOf = (word: string): string => word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Close enough to be the name misheard: at most one edit per four letters. */
function soundsLike(word: string, name: string): boolean {
  if (!word) return false;
  return distance(word, name) <= Math.max(1, Math.floor(name.length / 4));
}
