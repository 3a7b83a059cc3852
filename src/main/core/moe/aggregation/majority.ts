// Majority vote for factual questions: the value most answers state wins; ties go to the larger
// total weight, then to the most confident voter. Values are grouped by an agreement test, so
// normalised forms ("five" and "5", "July 20, 1969" and "1969-07-20") count as one value.

export interface Ballot<V> {
  agent: string;
  value: V;
  weight: number;
  confidence: number;
}

export interface VoteGroup<V> {
  /** The first ballot of the group, from its heaviest voter. */
  value: V;
  agents: string[];
  weight: number;
  confidence: number;
}

export interface VoteResult<V> {
  winner: VoteGroup<V>;
  /** Every group, winner first. */
  groups: VoteGroup<V>[];
  total: number;
}

export function groupBallots<V>(ballots: readonly Ballot<V>[], agree: (a: V, b: V) => boolean): VoteGroup<V>[] {
  const groups: VoteGroup<V>[] = [];
  const ordered = [...ballots].sort((a, b) => b.weight - a.weight || b.confidence - a.confidence);
  for (const ballot of ordered) {
    const group = groups.find((candidate) => agree(candidate.value, ballot.value));
    if (group === undefined) {
      groups.push({ value: ballot.value, agents: [ballot.agent], weight: ballot.weight, confidence: ballot.confidence });
    } else {
      group.agents.push(ballot.agent);
      group.weight += ballot.weight;
      group.confidence = Math.max(group.confidence, ballot.confidence);
    }
  }
  return groups;
}

/** Orders groups by count, then weight, then confidence. */
export function byMajority<V>(a: VoteGroup<V>, b: VoteGroup<V>): number {
  return b.agents.length - a.agents.length || b.weight - a.weight || b.confidence - a.confidence;
}

/** Orders groups by weight, then confidence. */
export function byWeight<V>(a: VoteGroup<V>, b: VoteGroup<V>): number {
  return b.weight - a.weight || b.confidence - a.confidence;
}

export function majorityVote<V>(ballots: readonly Ballot<V>[], agree: (a: V, b: V) => boolean): VoteResult<V> | null {
  if (ballots.length === 0) return null;
  const groups = groupBallots(ballots, agree).sort(byMajority);
  return { winner: groups[0]!, groups, total: ballots.length };
}

/** Normalises a short factual answer for voting: lowercase, no punctuation or articles. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s.]/gu, ' ')
    .replace(/\.(?!\d)/g, ' ')
    .replace(/\b(?:the|a|an)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
