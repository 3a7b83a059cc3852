import { w, type Rules } from './rule.ts';
import { anyOf, irregular, spanishVerb, verbs, type VerbForms } from './verb-forms.ts';

// Spanish calculations read word by word into the parts the calculator composes (calculation-
// words.ts): each operation in all the forms of its verbs (tú and usted, with the pronouns joined
// to them: "divídelo", "súmale", "multiplíquelo"), its nouns, the words that give numbers their
// roles, and the words for the last result. Only where Spanish marks a role differently from
// English is the role rewritten ("réstale 5 a 12": 5 is taken from 12; "a 12 le quito 5").

const ADD = verbs(spanishVerb('sum', 'ar'), spanishVerb('anad', 'ir'), spanishVerb('agreg', 'ar', 'agregu'));
const SUBTRACT = verbs(
  spanishVerb('rest', 'ar'),
  spanishVerb('quit', 'ar'),
  irregular(['descuenta', 'descuente', 'descontar', 'descontado', 'descontando', 'sustrae', 'sustraiga', 'sustraer', 'sustraido'], ['descuenta', 'descuente', 'sustrae', 'sustraiga', 'descontar', 'sustraer', 'descontando']),
);
const MULTIPLY = spanishVerb('multiplic', 'ar', 'multipliqu');
const DIVIDE = verbs(spanishVerb('divid', 'ir'), spanishVerb('part', 'ir'), spanishVerb('repart', 'ir'));
const DOUBLE = verbs(spanishVerb('duplic', 'ar', 'dupliqu'), spanishVerb('dobl', 'ar'));
const TRIPLE = spanishVerb('triplic', 'ar', 'tripliqu');
const CALCULATE = verbs(spanishVerb('calcul', 'ar'), spanishVerb('elev', 'ar'), irregular(['haz', 'haga', 'hazme', 'hagame', 'saca', 'saque', 'sacame', 'saqueme']));
const INCREASE = verbs(spanishVerb('aument', 'ar'), spanishVerb('increment', 'ar'), irregular(['sube', 'suba', 'subir', 'subido'], ['sube', 'suba', 'subir']));
const DECREASE = verbs(
  spanishVerb('rebaj', 'ar'),
  spanishVerb('baj', 'ar'),
  irregular(['reduce', 'reduzca', 'reducir', 'reducido', 'reducida', 'disminuye', 'disminuya', 'disminuir', 'disminuido'], ['reduce', 'reduzca', 'reducir', 'disminuye', 'disminuya', 'disminuir']),
);

/** A number, or the last result already read as "THAT". */
const N = String.raw`(-?\d+(?:\.\d+)?%?|THAT)`;
const forms = (verb: VerbForms) => anyOf(verb.forms);
/** A verb with a pronoun joined for what it acts on: "divídelo", "súmale", "multiplíquelo". */
const withObject = (verb: VerbForms) => `(?:${anyOf(verb.hosts)})(?:lo|la|los|las|le|les)`;
/** A verb with "me"/"nos" joined, for whom it is done: "calcúlame", "multiplícame". */
const withMe = (verb: VerbForms) => `(?:${anyOf(verb.hosts)})(?:me|nos)`;
const any = (verb: VerbForms) => `${withObject(verb)}|${withMe(verb)}|${forms(verb)}`;

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

/** Before the words of questions and of other skills ("cuánto queda" is a timer's, "quita" cancels). */
export const SPANISH_CALCULATION_FIRST: Rules = [
  [w('(\\d+(?:\\.\\d+)?) ?(?:%|por ?ciento)'), '$1%'],
  [w('multiplicad[oa] por'), 'times'],
  [w('dividid[oa] (?:por|entre)|partid[oa] (?:por|entre)'), 'divided by'],
  [w('(?:cual es |dime )?el resultado (?:de|del)(?= -?\\d| el| la)'), ''],
  [w('cuanto (?:me |nos |te )?(?:queda|sobra)(?: si)?(?= a \\d)'), ''],
  [w('ese resultado|este resultado|el resultado(?! de)|eso|esto|ello'), 'that'],
  [w('(a|de)l? (?:el )?(?:resultado|eso|esto|THAT)'), '$1 that'],
  [w(`a ${N} (?:le )?(?:quito|quitas|quitamos|resto|restas|restamos|saco|descuento) ${N}`), 'subtract $2 from $1'],
  [w(`(?:${any(SUBTRACT)}) ${N} (?:a|al|de|del) ${N}`), 'subtract $1 from $2'],
  [w(`(?:${any(ADD)}) ${N} (?:a|al) ${N}`), 'add $1 to $2'],
  [w(`(?:${any(INCREASE)}|${any(ADD)}) (?:el |un )?(\\d+(?:\\.\\d+)?%) (?:a|al) ${N}`), 'increase $2 by $1'],
  [w(`(?:${any(DECREASE)}|${any(SUBTRACT)}) (?:el |un )?(\\d+(?:\\.\\d+)?%) (?:a|al|de|del) ${N}`), 'decrease $2 by $1'],
  [w(`(?:${any(DIVIDE)}) ${N} (?:por|entre|en) ${N}`), 'divide $1 by $2'],
  [w(`(?:${withObject(DIVIDE)}) (?:por|entre|en) ${N}`), 'divide that by $1'],
  [/(^\s*|(?<![\p{L}])(?:y|ahora|NOW|AND) )entre (?=-?\d)/gu, '$1divided by '],
  [w('cuanta propina|cuanto de propina|de cuanto es la propina'), 'how much tip'],
  [w('(?:una |la )?propina del? (\\d+(?:\\.\\d+)?%) (?:sobre|de|en|para|por)'), '$1 tip on'],
  [w('que tanto por ciento|cuanto por ciento|que porcentaje|cuanto %|que tanto %'), 'what percent'],
  [w('(?:en|como) (?:tanto por ciento|porcentaje|%)'), 'as a percentage'],
  [w('(?:es )?igual a|da como resultado'), ''],
  [w('(.+?),? (?:equivalen? a )?cuant[oa]s? (?:es|son|da|hace|serian|seria)? ?(?:en|a) (\\p{L}+)'), 'convert $1 to $2'],
  [w('cuanto (?:dan|suman|hacen|sale|salen)|cuant[oa]s son'), 'what is'],
  [w('cuantas veces (?:cabe|entra|va) (-?\\d+(?:\\.\\d+)?) en (-?\\d+(?:\\.\\d+)?)'), 'divide $2 by $1'],
  [w(`${N} (?:quitandole|restandole|descontandole|quitando|restando|descontando) ${N}`), 'subtract $2 from $1'],
  [w('aplica|aplicar|aplique|aplicale|aplicame'), ''],
  [w('representa|representan'), 'is'],
  [w('(?:la |una )?cuenta(?! atras| regresiva)'), 'bill'],
  [w('desde'), 'from'],
  [w('iva'), 'vat'],
  [w('recargo|aumento|incremento'), 'surcharge'],
  [w('(.+?) (?:pasad[oa]s?|convertid[oa]s?|expresad[oa]s?) (?:a|en) (.+)'), 'convert $1 to $2'],
  [w('(?:del|el) numero|numero'), ''],
  [w('otr[oa]s?(?: vez)?|de nuevo'), ''],
  [w('dejo|dejar|deja|deje|dejamos'), 'leave'],
  [w('le|les'), ''],
];

export const SPANISH_CALCULATION: Rules = [
  // the last result
  [w('el resultado|ese resultado|este resultado|eso|esto|ello'), 'that'],
  // nouns
  [w('la suma|suma'), 'sum'],
  [w('el producto|producto'), 'product'],
  [w('la diferencia|diferencia'), 'difference'],
  [w('el cociente|cociente'), 'quotient'],
  [w('la mitad|mitad'), 'half'],
  [w('un tercio|la tercera parte|el tercio'), 'a third'],
  [w('tercios|terceras partes'), 'thirds'],
  [w('(?:un|el) cuarto(?! de hora)|la cuarta parte'), 'a quarter'],
  [w('(?:las )?(\\d+) cuartas partes'), '$1 quarters'],
  [w('cuartos'), 'quarters'],
  [w('el doble|doble'), 'double'],
  [w('el triple|triple'), 'triple'],
  [w('(?:elevado )?al cuadrado|elevado a (?:2|dos)'), 'squared'],
  [w('(?:elevado )?al cubo|elevado a (?:3|tres)'), 'cubed'],
  [w('el cuadrado|cuadrado'), 'square'],
  [w('(?:la )?raiz(?: cuadrada)? de'), 'square root of'],
  [w('elevado a(?: la)?'), 'to the power of'],
  // the operations, in every form of their verbs, with a pronoun joined or none
  ...OPERATIONS.flatMap(([verb, english]): [RegExp, string][] => [
    [w(withObject(verb)), `${english} that`],
    [w(withMe(verb)), english],
    [w(forms(verb)), english],
  ]),
  [w(`${withMe(CALCULATE)}|${forms(CALCULATE)}`), ''],
  // operations between numbers
  [w('multiplicado por|por|veces'), 'times'],
  [w('dividido (?:por|entre)|partido (?:por|entre)|entre'), 'divided by'],
  [w('mas'), 'plus'],
  [w('menos'), 'minus'],
  [w('sobre'), 'over'],
  [w('con'), 'with'],
  [w('si'), 'if'],
  // percentages
  [w('por ciento|porciento'), '%'],
  [w('en porcentaje|como porcentaje'), 'as a percentage'],
  [w('porcentaje'), 'percentage'],
  [w('(?:una )?propina del? (\\d+(?:\\.\\d+)?%) (?:sobre|de|en|para)'), '$1 tip on'],
  [w('propina'), 'tip'],
  [w('(?:el |un )?(\\d+(?:\\.\\d+)?%) (?:de|del)'), '$1 of'],
  [w('de descuento (?:sobre|en|de)'), 'off'],
  [w('descuento|rebaja'), 'discount'],
];
