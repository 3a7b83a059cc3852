import { w, type Rules } from './rule.ts';
import { anyOf, frenchErVerb, irregular, verbs, type VerbForms } from './verb-forms.ts';

// French calculations read word by word into the parts the calculator composes (calculation-
// words.ts): each operation in all the forms of its verbs and nouns, the words that give numbers
// their roles, and the words for the last result. Word order is left to the calculator; only
// where French marks a role differently from English is the role rewritten ("enlève 5 à 12":
// 5 is taken from 12).

const ADD = verbs(frenchErVerb('ajout'), frenchErVerb('rajout'), frenchErVerb('additionn'));
const SUBTRACT = verbs(
  frenchErVerb('enlev'),
  frenchErVerb('retir'),
  frenchErVerb('retranch'),
  frenchErVerb('ot'),
  irregular(['soustrais', 'soustrait', 'soustraient', 'soustrayons', 'soustrayez', 'soustraire', 'soustraite', 'soustraites', 'soustrayant'], ['soustrais', 'soustrayez', 'soustrayons']),
  irregular(['deduis', 'deduit', 'deduisons', 'deduisez', 'deduire', 'deduite'], ['deduis', 'deduisez']),
);
const MULTIPLY = frenchErVerb('multipli');
const DIVIDE = verbs(frenchErVerb('divis'), frenchErVerb('partag'));
const DOUBLE = frenchErVerb('doubl');
const TRIPLE = frenchErVerb('tripl');
const CALCULATE = verbs(
  frenchErVerb('calcul'),
  frenchErVerb('elev'),
  irregular(['fais', 'faites', 'faire', 'fait'], ['fais', 'faites']),
  irregular(['prends', 'prenez', 'prendre', 'prenons'], ['prends', 'prenez']),
);
const CUT = frenchErVerb('coup');
const INCREASE = verbs(frenchErVerb('augment'), frenchErVerb('major'));
const DECREASE = verbs(frenchErVerb('diminu'), frenchErVerb('baiss'), frenchErVerb('rabaiss'), irregular(['reduis', 'reduit', 'reduite', 'reduisons', 'reduisez', 'reduire', 'reduisent'], ['reduis', 'reduisez']));

/** A number, or the last result already read as "THAT". */
const N = String.raw`(-?\d+(?:\.\d+)?|THAT)`;
const forms = (verb: VerbForms) => anyOf(verb.forms);
/** An imperative with an object pronoun after it: "divise-le", "ajoutes-y". */
const withObject = (verb: VerbForms) => `(?:${anyOf(verb.hosts)})-(?:le|la|les|y|en|lui)`;
const withMe = (verb: VerbForms) => `(?:${anyOf(verb.hosts)})-(?:moi|nous)`;

const OPERATIONS: [VerbForms, string][] = [
  [ADD, 'add'],
  [SUBTRACT, 'subtract'],
  [MULTIPLY, 'multiply'],
  [DIVIDE, 'divide'],
  [DOUBLE, 'double'],
  [TRIPLE, 'triple'],
  [INCREASE, 'increase'],
  [DECREASE, 'decrease'],
];

/** Before the words of questions ("combien" -> "what is"), which would take these apart. */
export const FRENCH_CALCULATION_FIRST: Rules = [
  [w('(.+?),? combien (?:de|en) (?:%|pour cent|pourcent|pourcentage)(?= ?[?!.]? ?$)'), '$1 as a percentage'],
  [w('combien (?:il )?(?:me |nous )?reste(?:-t-il)?(?= si )'), ''],
  [w('combien (?:donnent|donne|font|fait)'), 'what is'],
  [w('du resultat|de ce resultat'), 'of that'],
  [w('auquel on|a laquelle on|auxquels on|auxquelles on'), ''],
  [w('applique|appliquer|appliquez'), ''],
  [w('(\\d+) que (multiplie|divise)'), '$1 $2'],
  [w('(?:le|ce|du) nombre|nombre'), ''],
  [w("combien (?:de |d')pourboire"), 'how much tip'],
  [w('combien de (?:%|pour cent|pourcent|pour-cent)'), 'what percent'],
];

export const FRENCH_CALCULATION: Rules = [
  // what frames a calculation and says nothing of it
  [w('le resultat de|le resultat du'), ''],
  [/(?<![\p{L}])le resultat d'/gu, ''],
  [w("ca (?:donne|fait) quoi|ca donne|ca fait|egale combien|egal combien|egalent|egale|egal"), ''],
  // the last result
  [w('ce resultat|le resultat|ce nombre|ce chiffre|ca|cela|ceci'), 'that'],
  // roles French marks otherwise: what is taken from, what is added to
  [w(`(?:si )?(?:j'|je |on |tu )?(${forms(SUBTRACT)}) ${N} (?:de|d'|du|des|a|au|aux) ${N}`), 'subtract $2 from $3'],
  [w(`(?:si )?(?:j'|je |on |tu )?(${forms(ADD)}) ${N} (?:a|au|aux) ${N}`), 'add $2 to $3'],
  [w(`${N} (?:${forms(SUBTRACT)}) (?:de|d'|du|a|au) ${N}`), 'subtract $1 from $2'],
  [w(`(${forms(INCREASE)}|${forms(DECREASE)}) ${N} (?:de|par) (\\d+(?:\\.\\d+)?) ?(?:%|pour cent|pourcent)`), '$1 $2 by $3%'],
  // the operations, in every form of their verbs, with a pronoun after them or none
  ...OPERATIONS.flatMap(([verb, english]): [RegExp, string][] => [
    [w(withObject(verb)), `${english} that`],
    [w(withMe(verb)), english],
    [w(forms(verb)), english],
  ]),
  [w(`${anyOf(CALCULATE.hosts)}-(?:moi|nous)|${forms(CALCULATE)}`), ''],
  [w(`(?:${anyOf(CUT.hosts)})-(?:le|la)`), 'cut that'],
  [w(forms(CUT)), 'cut'],
  [w('en deux'), 'in two'],
  [w('ensemble|au total'), ''],
  // nouns
  [w('la somme|somme'), 'sum'],
  [w('le produit|produit'), 'product'],
  [w('la difference|difference'), 'difference'],
  [w('le quotient|quotient'), 'quotient'],
  [w('la moitie|moitie'), 'half'],
  [w('un tiers|le tiers'), 'a third'],
  [w('tiers'), 'thirds'],
  [w('un quart|le quart'), 'a quarter'],
  [w('quarts?'), 'quarters'],
  [w('le double'), 'double'],
  [w('le triple'), 'triple'],
  [w('au carre'), 'squared'],
  [w('au cube'), 'cubed'],
  [w('le carre|carre'), 'square'],
  [w('(?:la )?racine(?: carree)? (?:de|du)'), 'square root of'],
  [/(?<![\p{L}])(?:la )?racine(?: carree)? d'/gu, 'SQUARE ROOT OF '],
  [w('a la puissance|puissance'), 'to the power of'],
  // operations between numbers
  [w('fois'), 'times'],
  [w('plus'), 'plus'],
  [w('moins'), 'minus'],
  [w('sur|par rapport a|par rapport au'), 'over'],
  [w('par'), 'by'],
  // percentages
  [w('(\\d+(?:\\.\\d+)?) ?(?:%|pour cent|pourcent|pour-cent)'), '$1%'],
  [w('pour cent|pourcent|pour-cent'), '%'],
  [w('represente|representent'), 'is'],
  [w('(\\d+(?:\\.\\d+)?%) (?:de|du|des)'), '$1 of'],
  [w('en pourcentage|en pour cent'), 'as a percentage'],
  [w('quel pourcentage|combien de %|combien de pour cent'), 'what percent'],
  [w('pourcentage'), 'percentage'],
  [w('(?:de )?pourboire (?:de )?(\\d+(?:\\.\\d+)?%) (?:sur|pour)'), '$1 tip on'],
  [w('pourboire'), 'tip'],
  [w('tva'), 'vat'],
  [w('de (?:reduction|remise|rabais) sur'), 'off'],
  [w('reduction|remise|rabais|ristourne|soldes?'), 'discount'],
];
