// Questions as people ask a voice assistant, many of them one template with other numbers, and
// rewordings of them that keep every number and operator: what the semantic cache is for (a
// reworded question served from the answer to the first one) and what its numbers guard must let
// through. Deterministic for a given random source.

const CITIES = ['tokyo', 'london', 'paris', 'new york', 'sydney', 'berlin', 'madrid', 'toronto', 'mumbai', 'cairo', 'rome', 'lisbon', 'seoul', 'lima', 'oslo', 'dublin'];
const UNITS: [string, string][] = [
  ['miles', 'kilometers'],
  ['pounds', 'kilograms'],
  ['gallons', 'liters'],
  ['feet', 'meters'],
  ['inches', 'centimeters'],
  ['ounces', 'grams'],
  ['cups', 'milliliters'],
  ['yards', 'meters'],
];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const TOPICS = ['the roman empire', 'black holes', 'photosynthesis', 'the printing press', 'volcanoes', 'the moon landing', 'honey bees', 'the great wall of china', 'jazz music', 'the human heart', 'penguins', 'the eiffel tower'];

type Pick = <T>(items: readonly T[]) => T;

/** Each template writes one question from the numbers and words it draws. */
const TEMPLATES: ((pick: Pick, n: (max: number) => number) => string)[] = [
  (_, n) => `what is ${n(999)} times ${n(999)}`,
  (_, n) => `what is ${n(9999)} divided by ${n(99)}`,
  (_, n) => `what is ${n(99)} percent of ${n(9999)}`,
  (_, n) => `how much is a ${n(30)} percent tip on ${n(500)} dollars`,
  (pick, n) => {
    const [from, to] = pick(UNITS);
    return `how many ${to} are there in ${n(999)} ${from}`;
  },
  (pick, n) => {
    const [from, to] = pick(UNITS);
    return `convert ${n(999)} ${from} to ${to}`;
  },
  (pick, n) => `how many days are there until ${pick(MONTHS)} ${n(28)}`,
  (pick, n) => `what day of the week was ${pick(MONTHS)} ${n(28)} ${1900 + n(125)}`,
  (pick, n) => `what time will it be in ${pick(CITIES)} in ${n(12)} hours`,
  (pick, n) => `how far is ${pick(CITIES)} from ${pick(CITIES)} in ${pick(['miles', 'kilometers'])} if i drive ${n(120)} kilometers an hour`,
  (pick, n) => `tell me ${n(9)} interesting facts about ${pick(TOPICS)}`,
  (_, n) => `what is the square root of ${n(99999)}`,
  (_, n) => `how many seconds are there in ${n(99)} days`,
  (_, n) => `what is ${n(9999)} plus ${n(9999)} minus ${n(999)}`,
];

/** Rewordings that keep the question's numbers: fillers, contractions, spelling, a polite frame. */
const REWORDINGS: ((question: string) => string)[] = [
  (q) => `${q} please`,
  (q) => `please ${q}`,
  (q) => `hey ${q}`,
  (q) => `${q} thanks`,
  (q) => q.replace(/^what is /, "what's "),
  (q) => q.replace(/^how many /, 'so how many '),
  (q) => q.replace(/ are there /, ' are '),
  (q) => q.replace(/kilometers/g, 'kilometres').replace(/meters/g, 'metres').replace(/liters/g, 'litres'),
  (q) => q.replace(/ percent /, ' per cent '),
  (q) => q.replace(/^tell me /, 'can you tell me '),
  (q) => q.replace(/^convert /, 'please convert '),
];

export interface RealisticQuestions {
  /** Distinct questions, in the order drawn. */
  questions: string[];
  /** A rewording of `questions[source]` with the same numbers (it may differ only in words). */
  reword(source: number): string;
}

export function realisticQuestions(count: number, random: () => number): RealisticQuestions {
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const n = (max: number) => 1 + Math.floor(random() * max);
  const seen = new Set<string>();
  const questions: string[] = [];
  while (questions.length < count) {
    const question = pick(TEMPLATES)(pick, n);
    if (seen.has(question)) continue;
    seen.add(question);
    questions.push(question);
  }
  return {
    questions,
    reword(source) {
      const question = questions[source]!;
      for (let attempt = 0; attempt < 8; attempt++) {
        const reworded = pick(REWORDINGS)(question);
        if (reworded !== question && !seen.has(reworded)) return reworded;
      }
      return `${question} please`;
    },
  };
}
