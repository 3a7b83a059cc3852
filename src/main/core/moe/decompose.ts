// A question with several parts ("how many days until christmas and what time is it in Tokyo")
// split into the questions it holds, on the English reading (core/language/to-english.ts). The
// split is only a proposal: the orchestrator keeps it when the parts are answered on their own.
// A part starts with a question's frame or is a quantity to convert, so "add 7 and 8" and
// "between 1 March and 15 March" stay whole.

const FRAME =
  /^(?:what|what's|whats|how|when|which|who|where|why|is|are|does|do|did|can|could|will|would|tell me|give me|show me|convert|set|start|put|make|remind|calculate|compute|work out|add|multiply|divide|subtract|list|cancel|say|let me know|i want to know|and what|and how)\b/;
/** "5 miles in km", "30 celsius to fahrenheit": a conversion needs no frame. */
const QUANTITY = /^-?\d+(?:\.\d+)? ?[a-z°%]/;
const SEPARATOR = /\s*;\s*|,?\s+and also\s+|,\s*also\s+|\s+also\s+|,?\s+and then\s+|,\s*and\s+|\s+and\s+|,\s+|\s+plus tell me\s+/g;

export function splitQuestion(text: string): string[] {
  const query = text.trim().replace(/[?!.]+$/, '');
  const pieces: string[] = [];
  let start = 0;
  for (const match of query.matchAll(SEPARATOR)) {
    const right = query.slice(match.index + match[0].length);
    if (!startsQuestion(right)) continue;
    // "May 16, 2027 to August 30": a year after a comma belongs to its date.
    if (match[0].includes(',') && /^\d{4}\b/.test(right)) continue;
    const left = query.slice(start, match.index).trim();
    if (left.split(/\s+/).length < 2) continue;
    // "in 25 min, remind me to ...": what comes before is part of the question after it.
    if (start === 0 && !startsQuestion(left) && !/^[-\d(]/.test(left)) continue;
    pieces.push(left);
    start = match.index + match[0].length;
  }
  const last = query.slice(start).trim();
  if (pieces.length === 0 || last.split(/\s+/).length < 2) return [text.trim()];
  return [...pieces, last].map((piece) => piece.replace(/^(?:and|also|then)\s+/, ''));
}

function startsQuestion(text: string): boolean {
  const words = text.trim().toLowerCase();
  return FRAME.test(words) || (QUANTITY.test(words) && /\b(?:in|to|into|as)\b/.test(words));
}
