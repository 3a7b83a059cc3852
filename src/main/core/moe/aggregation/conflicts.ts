import type { Conflict } from '../../../../shared/trace.ts';
import { datesAgree, datesComparable, type DateFact } from './dates.ts';
import { extractFacts, type AnswerFacts, type SentenceFacts, type StanceFact } from './facts.ts';
import { byMajority, byWeight, groupBallots, type VoteGroup } from './majority.ts';
import { namesAgree, type NameFact } from './names.ts';
import { numbersAgree, numbersComparable, type NumberFact } from './numbers.ts';
import { profileQuestion, type FactKind, type QuestionProfile } from './question.ts';

export interface WeightedAnswer {
  agent: string;
  text: string;
  confidence: number;
  /** Normalised: the weights of all answers sum to 1. */
  weight: number;
}

export interface ConflictOptions {
  /** From this many answers stating a fact of one kind, the majority voter decides. */
  majorityMinAnswers: number;
}

export interface ResolvedConflict {
  conflict: Conflict;
  winners: string[];
  losers: string[];
  decidedBy: 'weight' | 'majority';
  /** True when a sentence states the losing side (and not the winning one) of this conflict. */
  carriesLosingSide(sentence: SentenceFacts): boolean;
}

export interface ConflictReport {
  profile: QuestionProfile;
  facts: ReadonlyMap<string, AnswerFacts>;
  resolved: ResolvedConflict[];
  conflicts: Conflict[];
  /**
   * Kinds the majority voter decided: enough answers stated a fact of the kind, and either the
   * question asks for that one kind (a factual question) or the answers disagreed on it.
   */
  votedKinds: FactKind[];
}

type Fact = NumberFact | DateFact | NameFact | StanceFact;
type Relation = 'agree' | 'conflict' | 'unrelated';

interface KindRules<F extends Fact> {
  claim(facts: AnswerFacts): F[];
  inSentence(sentence: SentenceFacts): F[];
  comparable(a: F, b: F): boolean;
  agree(a: F, b: F): boolean;
  display(fact: F): string;
}

const RULES: { [K in FactKind]: KindRules<Extract<Fact, { kind: K }>> } = {
  number: {
    claim: (facts) => facts.numbers,
    inSentence: (sentence) => sentence.numbers,
    comparable: numbersComparable,
    agree: numbersAgree,
    display: (fact) => fact.display,
  },
  date: {
    claim: (facts) => facts.dates,
    inSentence: (sentence) => sentence.dates,
    comparable: datesComparable,
    agree: datesAgree,
    display: (fact) => fact.display,
  },
  name: {
    claim: (facts) => facts.names,
    inSentence: (sentence) => sentence.names.filter((name) => !name.negated),
    comparable: () => true,
    agree: namesAgree,
    display: (fact) => fact.name,
  },
  yes_no: {
    claim: (facts) => (facts.stance === null ? [] : [facts.stance]),
    inSentence: (sentence) => (sentence.stance === null ? [] : [sentence.stance]),
    comparable: () => true,
    agree: (a, b) => a.stance === b.stance,
    display: (fact) => fact.stance,
  },
};

function relation<F extends Fact>(rules: KindRules<F>, a: readonly F[], b: readonly F[]): Relation {
  let comparable = false;
  for (const x of a) {
    for (const y of b) {
      if (!rules.comparable(x, y)) continue;
      if (rules.agree(x, y)) return 'agree';
      comparable = true;
    }
  }
  return comparable ? 'conflict' : 'unrelated';
}

const round2 = (value: number) => value.toFixed(2);

/**
 * Two sentences state the same fact: some facts of the same kind are comparable and agree, and
 * none that are comparable disagree ("8,849 metres" and "29,032 feet").
 */
export function sameFacts(a: SentenceFacts, b: SentenceFacts, kinds: readonly FactKind[]): boolean {
  let agreed = false;
  for (const kind of kinds) {
    if (kind === 'yes_no') continue;
    const rules = RULES[kind] as KindRules<Fact>;
    const verdict = relation(rules, rules.inSentence(a), rules.inSentence(b));
    if (verdict === 'conflict') return false;
    if (verdict === 'agree') agreed = true;
  }
  return agreed;
}

/** The answer-level facts of a text, shaped as one sentence, to test a whole reply against conflicts. */
export function wholeAnswer(facts: AnswerFacts, text: string): SentenceFacts {
  return { text, numbers: facts.numbers, dates: facts.dates, names: facts.names, stance: facts.stance };
}

/**
 * Finds answers that state different values of the same kind for the question, groups the agents
 * by the value they state, and resolves each conflict by weight (ties: confidence), or by majority
 * when at least `majorityMinAnswers` answers state a fact of that kind.
 */
export function detectConflicts(question: string, answers: readonly WeightedAnswer[], options: ConflictOptions): ConflictReport {
  const profile = profileQuestion(question);
  // One answer cannot disagree with itself: nothing to extract or vote on (most turns have one).
  if (answers.length < 2) return { profile, facts: new Map(), resolved: [], conflicts: [], votedKinds: [] };
  const facts = new Map(answers.map((answer) => [answer.agent, extractFacts(profile, answer.text)]));
  const resolved: ResolvedConflict[] = [];
  const votedKinds: FactKind[] = [];
  for (const kind of profile.kinds) {
    const outcome = resolveKind(kind, RULES[kind] as KindRules<Fact>, answers, facts, options);
    if (outcome.voted && (profile.kinds.length === 1 || outcome.conflict !== null)) votedKinds.push(kind);
    if (outcome.conflict !== null) resolved.push(outcome.conflict);
  }
  return { profile, facts, resolved, conflicts: resolved.map((item) => item.conflict), votedKinds };
}

function resolveKind(
  kind: FactKind,
  rules: KindRules<Fact>,
  answers: readonly WeightedAnswer[],
  facts: ReadonlyMap<string, AnswerFacts>,
  options: ConflictOptions,
): { conflict: ResolvedConflict | null; voted: boolean } {
  const claims = new Map<string, Fact[]>();
  for (const answer of answers) {
    const claim = rules.claim(facts.get(answer.agent)!);
    if (claim.length > 0) claims.set(answer.agent, claim);
  }
  const ballots = answers
    .filter((answer) => claims.has(answer.agent))
    .map((answer) => ({ agent: answer.agent, value: answer.agent, weight: answer.weight, confidence: answer.confidence }));
  const voted = ballots.length >= options.majorityMinAnswers;
  const relate = (a: string, b: string) => relation(rules, claims.get(a)!, claims.get(b)!);
  const groups = groupBallots(ballots, (a, b) => relate(a, b) === 'agree');
  const inConflict = groups.filter((group) =>
    groups.some((other) => other !== group && group.agents.some((a) => other.agents.some((b) => relate(a, b) === 'conflict'))),
  );
  if (inConflict.length < 2) return { conflict: null, voted };

  inConflict.sort(voted ? byMajority : byWeight);
  const [winner, ...losing] = inConflict as [VoteGroup<string>, ...VoteGroup<string>[]];
  const agents = inConflict.flatMap((group) => group.agents);
  const opponentsOf = (agent: string) => agents.filter((other) => relate(agent, other) === 'conflict');
  const values = agents.map((agent) => {
    const claim = claims.get(agent)!;
    const opposing = opponentsOf(agent).flatMap((other) => claims.get(other)!);
    const contested = claim.find((fact) => opposing.some((other) => rules.comparable(fact, other)));
    return rules.display(contested ?? claim[0]!);
  });
  const weights = inConflict.map((group) => round2(group.weight)).join(' vs ');
  let resolution = `weight ${weights}`;
  if (voted) resolution = `majority ${winner.agents.length} of ${ballots.length} (weight ${weights})`;
  else if (round2(winner.weight) === round2(losing[0]!.weight)) {
    resolution += `; higher confidence ${round2(winner.confidence)} vs ${round2(losing[0]!.confidence)}`;
  }
  const winningFacts = winner.agents.flatMap((agent) => claims.get(agent)!);
  const losers = losing.flatMap((group) => group.agents);
  const losingFacts = losers.flatMap((agent) => claims.get(agent)!);
  return {
    voted,
    conflict: {
      conflict: { kind, agents, values, resolvedTo: values[agents.indexOf(winner.agents[0]!)]!, resolution },
      winners: winner.agents,
      losers,
      decidedBy: voted ? 'majority' : 'weight',
      carriesLosingSide: (sentence) => {
        const stated = rules.inSentence(sentence);
        const statesLoser = stated.some((fact) => losingFacts.some((other) => rules.comparable(fact, other) && rules.agree(fact, other)));
        const statesWinner = stated.some((fact) => winningFacts.some((other) => rules.comparable(fact, other) && rules.agree(fact, other)));
        return statesLoser && !statesWinner;
      },
    },
  };
}
