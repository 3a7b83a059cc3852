// One rule of a reading: a pattern over folded text (lower case, no accents) and the English it
// stands for. What a rule writes is upper case until the whole reading is done, so no later rule
// reads its English as the other language ("a" is a word of both).

export type Rules = readonly (readonly [RegExp, string])[];

/** A pattern that matches whole words only (no letter or digit on either side). */
export const w = (source: string, flags = 'g') => new RegExp(String.raw`(?<![\p{L}\d])(?:${source})(?![\p{L}\d])`, `${flags}u`);
