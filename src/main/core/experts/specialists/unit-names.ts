import type { Language } from '../../language/language.ts';

// Units named the way people read them in each language: "16,1 kilómetros", "1 Meile",
// "0,61 mètre" (French keeps the singular below two), "22.2 °C". mathjs names a unit as it was
// written ("km", "kilometers", "meters"); each is brought to one key first.

type Names = Record<Language, [singular: string, plural: string]>;

const names = (en: [string, string], fr: [string, string], de: [string, string], es: [string, string]): Names => ({ en, fr, de, es });

const NAMES: Record<string, Names> = {
  km: names(['kilometer', 'kilometers'], ['kilomètre', 'kilomètres'], ['Kilometer', 'Kilometer'], ['kilómetro', 'kilómetros']),
  m: names(['meter', 'meters'], ['mètre', 'mètres'], ['Meter', 'Meter'], ['metro', 'metros']),
  cm: names(['centimeter', 'centimeters'], ['centimètre', 'centimètres'], ['Zentimeter', 'Zentimeter'], ['centímetro', 'centímetros']),
  mm: names(['millimeter', 'millimeters'], ['millimètre', 'millimètres'], ['Millimeter', 'Millimeter'], ['milímetro', 'milímetros']),
  mi: names(['mile', 'miles'], ['mile', 'miles'], ['Meile', 'Meilen'], ['milla', 'millas']),
  yd: names(['yard', 'yards'], ['yard', 'yards'], ['Yard', 'Yards'], ['yarda', 'yardas']),
  ft: names(['foot', 'feet'], ['pied', 'pieds'], ['Fuß', 'Fuß'], ['pie', 'pies']),
  in: names(['inch', 'inches'], ['pouce', 'pouces'], ['Zoll', 'Zoll'], ['pulgada', 'pulgadas']),
  kg: names(['kilogram', 'kilograms'], ['kilogramme', 'kilogrammes'], ['Kilogramm', 'Kilogramm'], ['kilogramo', 'kilogramos']),
  g: names(['gram', 'grams'], ['gramme', 'grammes'], ['Gramm', 'Gramm'], ['gramo', 'gramos']),
  mg: names(['milligram', 'milligrams'], ['milligramme', 'milligrammes'], ['Milligramm', 'Milligramm'], ['miligramo', 'miligramos']),
  lb: names(['pound', 'pounds'], ['livre', 'livres'], ['Pfund', 'Pfund'], ['libra', 'libras']),
  oz: names(['ounce', 'ounces'], ['once', 'onces'], ['Unze', 'Unzen'], ['onza', 'onzas']),
  stone: names(['stone', 'stone'], ['stone', 'stones'], ['Stone', 'Stone'], ['stone', 'stones']),
  l: names(['liter', 'liters'], ['litre', 'litres'], ['Liter', 'Liter'], ['litro', 'litros']),
  ml: names(['milliliter', 'milliliters'], ['millilitre', 'millilitres'], ['Milliliter', 'Milliliter'], ['mililitro', 'mililitros']),
  cl: names(['centiliter', 'centiliters'], ['centilitre', 'centilitres'], ['Zentiliter', 'Zentiliter'], ['centilitro', 'centilitros']),
  gal: names(['gallon', 'gallons'], ['gallon', 'gallons'], ['Gallone', 'Gallonen'], ['galón', 'galones']),
  cup: names(['cup', 'cups'], ['tasse', 'tasses'], ['Tasse', 'Tassen'], ['taza', 'tazas']),
  tbsp: names(['tablespoon', 'tablespoons'], ['cuillère à soupe', 'cuillères à soupe'], ['Esslöffel', 'Esslöffel'], ['cucharada', 'cucharadas']),
  tsp: names(['teaspoon', 'teaspoons'], ['cuillère à café', 'cuillères à café'], ['Teelöffel', 'Teelöffel'], ['cucharadita', 'cucharaditas']),
  floz: names(['fluid ounce', 'fluid ounces'], ['once liquide', 'onces liquides'], ['Flüssigunze', 'Flüssigunzen'], ['onza líquida', 'onzas líquidas']),
  s: names(['second', 'seconds'], ['seconde', 'secondes'], ['Sekunde', 'Sekunden'], ['segundo', 'segundos']),
  min: names(['minute', 'minutes'], ['minute', 'minutes'], ['Minute', 'Minuten'], ['minuto', 'minutos']),
  h: names(['hour', 'hours'], ['heure', 'heures'], ['Stunde', 'Stunden'], ['hora', 'horas']),
  day: names(['day', 'days'], ['jour', 'jours'], ['Tag', 'Tage'], ['día', 'días']),
  week: names(['week', 'weeks'], ['semaine', 'semaines'], ['Woche', 'Wochen'], ['semana', 'semanas']),
};

/** Written the same in every language. */
const SYMBOLS: Record<string, string> = { degC: '°C', degF: '°F', K: 'K', kph: 'km/h', mph: 'mph', 'm/s': 'm/s', knot: 'kn', knots: 'kn' };

/** The names mathjs may give a unit, to one key: "kilometers", "km" -> "km". */
const ALIASES: Record<string, string> = {};
const alias = (key: string, words: string) => words.split(' ').forEach((word) => (ALIASES[word] = key));
alias('m', 'm meter meters metre metres');
alias('g', 'g gram grams gramme grammes');
alias('l', 'l L liter liters litre litres');
alias('mi', 'mi mile miles');
alias('yd', 'yd yard yards');
alias('ft', 'ft foot feet');
alias('in', 'in inch inches');
alias('lb', 'lb lbs pound pounds lbm');
alias('oz', 'oz ounce ounces');
alias('stone', 'stone stones');
alias('gal', 'gal gallon gallons');
alias('cup', 'cup cups');
alias('tbsp', 'tbsp tablespoon tablespoons');
alias('tsp', 'tsp teaspoon teaspoons');
alias('floz', 'floz fluidounce fluidounces');
alias('s', 's sec second seconds secs');
alias('min', 'min minute minutes mins');
alias('h', 'h hr hour hours hrs');
alias('day', 'day days');
alias('week', 'week weeks');
const PREFIXES: Record<string, string> = { k: 'k', kilo: 'k', c: 'c', centi: 'c', m: 'm', milli: 'm', '': '' };

/** A unit as mathjs gives it: its name and prefix, and its power. */
export interface UnitPart {
  name: string;
  prefix: string;
  power: number;
}

/** The key of a unit ("km", "lb", "degC"), or null when it is not one unit to the power one. */
export function unitKey(parts: readonly UnitPart[]): string | null {
  if (parts.length !== 1 || parts[0]!.power !== 1) return null;
  const { name, prefix } = parts[0]!;
  if (prefix === '' && name in SYMBOLS) return name;
  const base = ALIASES[name];
  const short = PREFIXES[prefix];
  return base === undefined || short === undefined ? null : `${short}${base}`;
}

/**
 * How a quantity's unit is written after its number: a symbol for temperatures and speeds, else
 * the unit's name in the language, singular for one (in French, for anything under two).
 */
export function unitWord(key: string, value: number, language: Language): string | null {
  if (key in SYMBOLS) return SYMBOLS[key]!;
  const forms = NAMES[key]?.[language];
  if (!forms) return null;
  const singular = language === 'fr' ? Math.abs(value) < 2 : Math.abs(value) === 1;
  return forms[singular ? 0 : 1];
}
