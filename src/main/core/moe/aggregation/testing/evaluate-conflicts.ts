import { detectConflicts } from '../conflicts.ts';

export interface AnswerPair {
  question: string;
  a: string;
  b: string;
  conflict: boolean;
  kind: 'number' | 'date' | 'yes_no' | 'name' | 'agree';
}

export interface PairOutcome {
  pair: AnswerPair;
  detectedKinds: string[];
  /** true positive needs the labelled kind among the detected ones. */
  verdict: 'tp' | 'fp' | 'fn' | 'tn' | 'wrong_kind';
}

export interface ConflictEvaluation {
  pairs: number;
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  outcomes: PairOutcome[];
}

/**
 * Runs detection on each pair as two equally weighted agents. A conflict found with the wrong
 * kind counts against both precision (a false alarm) and recall (the real one was missed).
 */
export function evaluateConflictDetection(pairs: readonly AnswerPair[]): ConflictEvaluation {
  const outcomes = pairs.map((pair): PairOutcome => {
    const report = detectConflicts(
      pair.question,
      [
        { agent: 'a', text: pair.a, confidence: 0.8, weight: 0.5 },
        { agent: 'b', text: pair.b, confidence: 0.8, weight: 0.5 },
      ],
      { majorityMinAnswers: 3 },
    );
    const detectedKinds = report.conflicts.map((conflict) => conflict.kind);
    let verdict: PairOutcome['verdict'];
    if (!pair.conflict) verdict = detectedKinds.length > 0 ? 'fp' : 'tn';
    else if (detectedKinds.length === 0) verdict = 'fn';
    else verdict = detectedKinds.includes(pair.kind as never) ? 'tp' : 'wrong_kind';
    return { pair, detectedKinds, verdict };
  });
  const count = (verdict: PairOutcome['verdict']) => outcomes.filter((outcome) => outcome.verdict === verdict).length;
  const wrongKind = count('wrong_kind');
  const truePositives = count('tp');
  const falsePositives = count('fp') + wrongKind;
  const falseNegatives = count('fn') + wrongKind;
  return {
    pairs: pairs.length,
    precision: truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives),
    recall: truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives),
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives: count('tn'),
    outcomes,
  };
}
