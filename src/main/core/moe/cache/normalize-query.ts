// Two queries that differ only in case, spacing, quotes or sentence punctuation ask the same thing.
// Characters that change what is asked are kept: math operators and brackets ("2-3" vs "2*3"),
// and separators between digits ("3.5", "1,5", "10:30").

const KEPT_PUNCTUATION = new Set(['-', '*', '/', '%', '(', ')', '[', ']']);
const DIGIT_SEPARATORS = new Set(['.', ',', ':']);
const PUNCTUATION = /\p{P}/u;
const DIGIT = /\p{Nd}/u;

export function normalizeQuery(text: string): string {
  const characters = Array.from(text.normalize('NFKC').toLowerCase());
  let out = '';
  for (let i = 0; i < characters.length; i++) {
    const character = characters[i]!;
    if (!PUNCTUATION.test(character) || KEPT_PUNCTUATION.has(character)) {
      out += character;
    } else if (DIGIT_SEPARATORS.has(character) && isDigit(characters[i - 1]) && isDigit(characters[i + 1])) {
      out += character;
    } else {
      // Dropped, but it may have been the only thing between two words ("yes,no").
      out += ' ';
    }
  }
  return out.replace(/\s+/gu, ' ').trim();
}

const isDigit = (character: string | undefined): boolean => character !== undefined && DIGIT.test(character);
