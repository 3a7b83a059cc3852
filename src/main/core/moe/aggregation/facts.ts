import { extractDates, type DateFact } from './dates.ts';
import { extractNames, type NameFact } from './names.ts';
import { extractNumbers, type NumberFact } from './numbers.ts';
import { relevance, type QuestionProfile } from './question.ts';
import { answerStance, sentenceStance, type Stance } from './stance.ts';
import { splitSentences } from '../../text/sentences.ts';
import { splitClauses } from './text.ts';

export interface StanceFact {
  kind: 'yes_no';
  stance: Stance;
}

export interface SentenceFacts {
  text: string;
  numbers: NumberFact[];
  dates: DateFact[];
  names: NameFact[];
  stance: StanceFact | null;
}

/** The comparable facts of one answer, limited to the kinds the question asks for. */
export interface AnswerFacts {
  sentences: SentenceFacts[];
  numbers: NumberFact[];
  dates: DateFact[];
  /** Names from the clause that best answers the question, without denied ones. */
  names: NameFact[];
  stance: StanceFact | null;
}

interface Located<F> {
  fact: F;
  clauseRelevance: number;
}

export function extractFacts(profile: QuestionProfile, text: string): AnswerFacts {
  const wants = new Set(profile.kinds);
  const sentences: SentenceFacts[] = [];
  const dates: Located<DateFact>[] = [];
  const names: Located<NameFact>[] = [];
  for (const { text: sentence } of splitSentences(text)) {
    const clauses = splitClauses(sentence).map((clause) => ({ ...clause, relevance: relevance(profile, clause.text) }));
    const clauseOf = (offset: number) => clauses.find((clause) => offset < clause.end) ?? clauses[clauses.length - 1];
    const locate = <F extends { start: number }>(fact: F): Located<F> => ({ fact, clauseRelevance: clauseOf(fact.start)?.relevance ?? 0 });

    const dated = extractDates(sentence, wants.has('date'));
    const sentenceNumbers = wants.has('number') ? extractNumbers(dated.rest, profile.words) : [];
    const sentenceNames = wants.has('name') ? extractNames(dated.rest, profile.words) : [];
    const stance = wants.has('yes_no') ? sentenceStance(profile, sentence) : null;
    const sentenceDates = wants.has('date') ? dated.facts : [];
    dates.push(...sentenceDates.map(locate));
    names.push(...sentenceNames.map(locate));
    sentences.push({
      text: sentence,
      numbers: sentenceNumbers,
      dates: sentenceDates,
      names: sentenceNames,
      stance: stance === null ? null : { kind: 'yes_no', stance },
    });
  }
  const stance = wants.has('yes_no') ? answerStance(profile, sentences.map((sentence) => sentence.text)) : null;
  return {
    sentences,
    numbers: sentences.flatMap((sentence) => sentence.numbers),
    dates: relevantDates(dates),
    names: answeringNames(names),
    stance: stance === null ? null : { kind: 'yes_no', stance: stance.stance },
  };
}

/** Dates from clauses that mention the question's words; all dates when none does. */
function relevantDates(dates: Located<DateFact>[]): DateFact[] {
  const relevant = dates.filter((date) => date.clauseRelevance >= 1);
  return (relevant.length > 0 ? relevant : dates).map((date) => date.fact);
}

/** The names of the most relevant clause that names anyone ("the capital is Canberra"). */
function answeringNames(names: Located<NameFact>[]): NameFact[] {
  const affirmed = names.filter((name) => !name.fact.negated);
  if (affirmed.length === 0) return [];
  const best = Math.max(...affirmed.map((name) => name.clauseRelevance));
  return affirmed.filter((name) => name.clauseRelevance === best).map((name) => name.fact);
}
