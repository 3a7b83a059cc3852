import { w, type Rules } from './rule.ts';
import { anyOf, germanVerb, irregular, verbs } from './verb-forms.ts';

// German calculations read word by word into the parts the calculator composes (calculation-
// words.ts): each operation in all the forms of its verbs and nouns, the words that give numbers
// their roles, and the words for the last result. German puts verbs last ("kannst du 25 mit 19
// multiplizieren") and splits some ("zieh 6 von 43 ab"); the calculator reads any order, so only
// the split verbs and the roles German marks otherwise are rewritten here.

const ADD = verbs(germanVerb('addier'), germanVerb('summier'));
const SUBTRACT = verbs(germanVerb('subtrahier'), irregular(['abziehen', 'abgezogen', 'abzuziehen', 'ziehe ab', 'zieht ab', 'abziehst']));
const MULTIPLY = germanVerb('multiplizier');
const DIVIDE = verbs(germanVerb('teil'), germanVerb('dividier'));
const DOUBLE = verbs(germanVerb('verdoppel'), irregular(['verdopple']));
const TRIPLE = germanVerb('verdreifach');
const HALVE = germanVerb('halbier');
const CALCULATE = verbs(germanVerb('rechn'), germanVerb('berechn'), germanVerb('ausrechn', { participle: 'ausgerechnet' }));
const INCREASE = verbs(germanVerb('erhoh'), germanVerb('steiger'));
const DECREASE = verbs(germanVerb('verringer'), germanVerb('reduzier'), germanVerb('senk'), germanVerb('verminder'));
/** "zieh(e)", "ziehen Sie": the verb of "zieh 6 von 43 ab" before its particle. */
const PULL = 'ziehen sie|ziehe|zieh|ziehst|zieht|ziehen';
/** "nimm ... weg" */
const TAKE = 'nehmen sie|nimm|nehme';
/** "zähl(e) ... zusammen" */
const COUNT = 'zahlen sie|zahle|zahl|zahlst|zahlt|zahlen';

/** A number, or the last result already read as "THAT". */
const N = String.raw`(-?\d+(?:\.\d+)?%?|THAT)`;

/** Before the words of questions and of other skills ("Ergebnis" of a match, "wie viel ... sind"). */
export const GERMAN_CALCULATION_FIRST: Rules = [
  [w('(\\d+(?:\\.\\d+)?) ?(?:%|prozent)'), '$1%'],
  [w('(?:das )?ergebnis (?:von|aus)(?= -?\\d)|was kommt (?:da )?(?:raus|heraus)(?: bei|,? wenn)?|was kommt bei'), ''],
  [w('vom ergebnis|von dem ergebnis|davon'), 'of that'],
  [w('(?:das|dem|dieses) ergebnis(?= (?:mal|durch|plus|minus|geteilt|multipliziert|dividiert|hoch)|\\s*[?!.]?\\s*$)'), 'that'],
  [w('wie viel trinkgeld|wieviel trinkgeld'), 'how much tip'],
  [w('sag mal,?|sagen sie mal,?|schau mal,?|guck mal,?|noch mal|nochmal|noch einmal'), ''],
  [w(`(?:fuge|fug|fugen sie) ${N} (?:zu|zum) ${N} hinzu`), 'add $1 to $2'],
  [w('was gibt|wie viel gibt'), 'what is'],
  [w('wie oft (?:passt|geht) (-?\\d+(?:\\.\\d+)?) in (-?\\d+(?:\\.\\d+)?)'), 'divide $2 by $1'],
  [w('wie viel bleibt(?: ubrig)?,?(?: wenn)?|was bleibt(?: ubrig)?,?(?: wenn)?'), ''],
  [w(',? ?wie viel (?:ist|macht|sind|ergibt) das(?= ?[?!.]? ?$)'), ''],
  [w('in prozent ausgedruckt|prozentual'), 'as a percentage'],
  [w('kostet|kosten|kostest'), ''],
  [w('welchen prozentsatz|welcher prozentsatz'), 'what percent'],
  [w('wie hoch (?:ist|sind)|wie gross (?:ist|sind)'), 'how much is'],
  [w('(?:der |einer |die )?rechnung|(?:der |den )?betrag'), 'bill'],
  [w('gebe|geben|gibst'), 'leave'],
  [w('(?:den |der )?wochentag (?:vom|von|des)'), 'weekday of'],
  [w('zuruck'), 'back'],
  [w('aufschlag|zuschlag'), 'surcharge'],
  [w('(?:zieh|ziehe|ziehen sie) (?:die )?(?:quadrat)?wurzel (?:aus|von)'), 'square root of'],
  [w('(?:der|die|dieser|diese) zahl|zahl'), ''],
  [w('(.+?),? wie viel prozent (?:sind|ist|macht) (?:das|es)(?= ?[?!.]? ?$)'), '$1 as a percentage'],
  [w('(.+?),? (?:entspricht|entsprechen|sind|ist|ergibt|ergeben|macht|machen) wie viele? ((?:grad )?\\p{L}+)(?= ?[?!.]? ?$)'), 'how many $2 in $1'],
  [w('geteilt durch|dividiert durch'), 'divided by'],
  [w('multipliziert mit|malgenommen mit'), 'times'],
  [w('(.+?),? wie viele? ((?:grad )?\\p{L}+) (?:sind|ist|macht|ergibt|ergeben) (?:das|es)(?= ?[?!.]? ?$)'), 'how many $2 in $1'],
  [w('(rechne|rechn|berechne) mal'), '$1'],
];

export const GERMAN_CALCULATION: Rules = [
  // nouns, before "das" is read as "that"
  [w('die summe|summe'), 'sum'],
  [w('das produkt|produkt'), 'product'],
  [w('die differenz|differenz|der unterschied|unterschied'), 'difference'],
  [w('der quotient|quotient'), 'quotient'],
  [w('die halfte|halfte'), 'half'],
  [w('ein drittel|der dritte teil|den dritten teil'), 'a third'],
  [w('drittel'), 'thirds'],
  [w('ein viertel|der vierte teil|den vierten teil'), 'a quarter'],
  [w('dreiviertel'), '3 quarters'],
  [w('viertel'), 'quarters'],
  [w('das doppelte|doppelte|doppelt so viel wie|doppelt so viel|doppelt'), 'double'],
  [w('das dreifache|dreifache|dreimal so viel wie'), 'triple'],
  [w('zweimal'), '2 times'],
  [w('dreimal'), '3 times'],
  [w('viermal'), '4 times'],
  [w('im quadrat|zum quadrat|hoch zwei|hoch 2'), 'squared'],
  [w('hoch drei|hoch 3'), 'cubed'],
  [w('das quadrat|quadrat'), 'square'],
  [w('(?:die )?(?:quadrat)?wurzel (?:aus|von)'), 'square root of'],
  [w('das|dies|es'), 'that'],
  // split verbs and roles German marks otherwise
  [w(`(?:${PULL}|${anyOf(SUBTRACT.forms)}|${TAKE})(?: sie)? ${N} (?:von|vom) ${N}(?: ab| weg)?`), 'subtract $1 from $2'],
  [w(`(?:${PULL}|${TAKE}) ${N} (?:ab|weg)`), 'subtract $1'],
  [w(`(?:${PULL}) (?:davon|THAT OF|OF THAT) ${N} ab|(?:${PULL}) ${N} (?:davon|OF THAT) ab`), 'subtract $1$2 from that'],
  [w(`${N} (?:von|vom) ${N} (?:abziehen|abgezogen|abzuziehen|abziehe|abziehst|abzieht|subtrahieren|subtrahiere)`), 'subtract $1 from $2'],
  [w(`(?:${COUNT}) ${N} (?:und|plus) ${N}(?: zusammen)?`), 'add $1 and $2'],
  [w(`(?:schlag|schlage|schlagen sie) ${N} (?:auf|zu) ${N}(?: drauf)?`), 'add $1 to $2'],
  [w('(?:und )?noch (\\d+(?:\\.\\d+)?) dazu'), 'plus $1'],
  [w('dazu(?! noch)'), 'plus that'],
  [w('zusammen(?:zahlen|rechnen|addieren|gezahlt|gerechnet)?'), 'add'],
  [w('um (\\d+(?:\\.\\d+)?%)'), 'by $1'],
  // the operations, in every form of their verbs
  [w(anyOf(ADD.forms)), 'add'],
  [w(anyOf(SUBTRACT.forms)), 'subtract'],
  [w(anyOf(MULTIPLY.forms)), 'multiply'],
  [w(anyOf(DIVIDE.forms)), 'divide'],
  [w(anyOf(DOUBLE.forms)), 'double'],
  [w(anyOf(TRIPLE.forms)), 'triple'],
  [w(anyOf(HALVE.forms)), 'halve'],
  [w(anyOf(INCREASE.forms)), 'increase'],
  [w(anyOf(DECREASE.forms)), 'decrease'],
  [w(`${anyOf(CALCULATE.forms)}|nimm|nimmst|nehmen sie|nehme|aus|raus|heraus|man`), ''],
  [w('quadriert|quadrieren|quadriere|quadrier'), 'squared'],
  // operations between numbers
  [w('multipliziert mit|malgenommen mit|mal'), 'times'],
  [w('bei'), 'at'],
  [w('geteilt durch|dividiert durch|durch'), 'divided by'],
  [w('plus|zuzuglich'), 'plus'],
  [w('minus|weniger|abzuglich'), 'minus'],
  [w('mit'), 'with'],
  [w('zu|zum'), 'to'],
  [w('wenn'), 'if'],
  // percentages
  [w('prozent'), '%'],
  [w('prozentsatz'), 'percentage'],
  [w('trinkgeld'), 'tip'],
  [w('rabatt|nachlass|skonto'), 'discount'],
  [w('mehrwertsteuer|mwst|umsatzsteuer|ust'), 'vat'],
];
