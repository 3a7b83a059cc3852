import { normaliseSentence, sentencesOf } from '../text/sentences.ts';

/**
 * The answer as it has gone out so far (streamed tokens, a lead-in, synthesised sentences), and
 * what a later, complete version of it adds. Sentences already said are recognised however they
 * were spelt or punctuated, each once.
 */
export interface SpokenAnswer {
  /** Everything said so far. */
  text(): string;
  /** Appends `piece`; returns it as it goes out (with a space when it starts a new sentence). */
  say(piece: string, startsSentence?: boolean): string;
  /** The sentences of `complete` not said yet, joined, with a leading space when needed. */
  rest(complete: string): string;
}

export function createSpokenAnswer(): SpokenAnswer {
  let said = '';
  return {
    text: () => said,
    say(piece, startsSentence = false) {
      const out = startsSentence && said !== '' && !/\s$/.test(said) ? ` ${piece}` : piece;
      said += out;
      return out;
    },
    rest(complete) {
      const already = sentencesOf(said).map(normaliseSentence);
      const kept = sentencesOf(complete).filter((sentence) => {
        const index = already.indexOf(normaliseSentence(sentence));
        if (index === -1) return true;
        already.splice(index, 1);
        return false;
      });
      const rest = kept.join(' ');
      return rest !== '' && said !== '' && !/\s$/.test(said) ? ` ${rest}` : rest;
    },
  };
}
