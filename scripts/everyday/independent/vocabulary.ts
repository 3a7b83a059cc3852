import type { Language } from '../checks.ts';
import { CITIES, type City } from '../generator/world.ts';
import type { Rng } from './random.ts';

// Words the questions are made of: units, fractions, cities, tasks for reminders, named timers,
// holidays. Conversion factors and offsets come from ../generator/world.ts.

export interface UnitWords {
  /** Plural forms, the first the most usual (abbreviations included). */
  forms: string[];
  /** Spanish: "cuántas millas" or "cuántos kilómetros". */
  feminine?: boolean;
}

type UnitTable = Record<string, UnitWords>;

export const UNIT_WORDS: Record<Language, UnitTable> = {
  en: {
    mile: { forms: ['miles', 'miles', 'mi'] },
    km: { forms: ['kilometers', 'kilometres', 'km', 'kms'] },
    lb: { forms: ['pounds', 'lbs', 'lb'] },
    kg: { forms: ['kilograms', 'kilos', 'kg'] },
    inch: { forms: ['inches', 'inches'] },
    cm: { forms: ['centimeters', 'centimetres', 'cm'] },
    foot: { forms: ['feet', 'feet', 'ft'] },
    m: { forms: ['meters', 'metres', 'm'] },
    gallon: { forms: ['gallons', 'gallons', 'gal'] },
    liter: { forms: ['liters', 'litres', 'L'] },
    ounce: { forms: ['ounces', 'oz'] },
    gram: { forms: ['grams', 'grams', 'g'] },
    cup: { forms: ['cups'] },
    ml: { forms: ['milliliters', 'ml', 'mL', 'millilitres'] },
    hour: { forms: ['hours', 'hours', 'hrs'] },
    minute: { forms: ['minutes', 'minutes', 'mins'] },
    day: { forms: ['days'] },
  },
  fr: {
    mile: { forms: ['miles'] },
    km: { forms: ['kilomètres', 'km', 'kilomètres'] },
    lb: { forms: ['livres', 'lbs'] },
    kg: { forms: ['kilos', 'kilogrammes', 'kg'] },
    inch: { forms: ['pouces'] },
    cm: { forms: ['centimètres', 'cm', 'centimètres'] },
    foot: { forms: ['pieds'] },
    m: { forms: ['mètres', 'mètres', 'm'] },
    gallon: { forms: ['gallons', 'gallons américains'] },
    liter: { forms: ['litres', 'litres', 'l'] },
    ounce: { forms: ['onces', 'oz'] },
    gram: { forms: ['grammes', 'grammes', 'g'] },
    ml: { forms: ['millilitres', 'ml'] },
    hour: { forms: ['heures'] },
    minute: { forms: ['minutes', 'minutes', 'min'] },
    day: { forms: ['jours'] },
  },
  de: {
    mile: { forms: ['Meilen'] },
    km: { forms: ['Kilometer', 'km', 'Kilometer'] },
    lb: { forms: ['lbs', 'US-Pfund', 'lb'] },
    kg: { forms: ['Kilo', 'Kilogramm', 'kg'] },
    inch: { forms: ['Zoll', 'Zoll', 'Inch'] },
    cm: { forms: ['Zentimeter', 'cm', 'Zentimeter'] },
    foot: { forms: ['Fuß', 'Fuß', 'ft'] },
    m: { forms: ['Meter', 'Meter', 'm'] },
    gallon: { forms: ['Gallonen', 'US-Gallonen'] },
    liter: { forms: ['Liter', 'Liter', 'l'] },
    ounce: { forms: ['Unzen', 'oz'] },
    gram: { forms: ['Gramm', 'Gramm', 'g'] },
    ml: { forms: ['Milliliter', 'ml'] },
    hour: { forms: ['Stunden'] },
    minute: { forms: ['Minuten', 'Minuten', 'min'] },
    day: { forms: ['Tage'] },
  },
  es: {
    mile: { forms: ['millas'], feminine: true },
    km: { forms: ['kilómetros', 'km', 'kilómetros'] },
    lb: { forms: ['libras', 'libras', 'lbs'], feminine: true },
    kg: { forms: ['kilos', 'kilogramos', 'kg'] },
    inch: { forms: ['pulgadas'], feminine: true },
    cm: { forms: ['centímetros', 'cm', 'centímetros'] },
    foot: { forms: ['pies'] },
    m: { forms: ['metros', 'metros', 'm'] },
    gallon: { forms: ['galones'] },
    liter: { forms: ['litros', 'litros', 'l'] },
    ounce: { forms: ['onzas', 'oz'], feminine: true },
    gram: { forms: ['gramos', 'gramos', 'g'] },
    cup: { forms: ['tazas'], feminine: true },
    ml: { forms: ['mililitros', 'ml'] },
    hour: { forms: ['horas'], feminine: true },
    minute: { forms: ['minutos'] },
    day: { forms: ['días'] },
  },
};

/** Conversions people ask for, with the amounts they ask about. */
export const UNIT_PAIRS: ReadonlyArray<{ from: string; to: string; values: readonly number[] }> = [
  { from: 'mile', to: 'km', values: [3, 5, 10, 13.1, 26.2, 15, 50, 100, 2.5, 7, 12] },
  { from: 'km', to: 'mile', values: [5, 10, 21, 42, 100, 15, 3, 250, 8, 60] },
  { from: 'lb', to: 'kg', values: [5, 8, 12, 20, 35, 50, 120, 150, 180, 200, 225] },
  { from: 'kg', to: 'lb', values: [2, 3, 5, 10, 15, 23, 60, 75, 82, 2.5, 100] },
  { from: 'inch', to: 'cm', values: [2, 6, 12, 15, 24, 32, 40, 55, 65, 75] },
  { from: 'cm', to: 'inch', values: [10, 15, 25, 30, 45, 60, 100, 180] },
  { from: 'foot', to: 'm', values: [3, 5, 6, 8, 10, 12, 20, 30, 40, 100] },
  { from: 'm', to: 'foot', values: [2, 5, 10, 100, 1.8, 3.5, 50, 8] },
  { from: 'gallon', to: 'liter', values: [2, 3, 5, 10, 12, 15, 20, 25] },
  { from: 'liter', to: 'gallon', values: [5, 10, 20, 50, 60, 100, 4] },
  { from: 'ounce', to: 'gram', values: [2, 3, 4, 6, 8, 12, 16] },
  { from: 'gram', to: 'ounce', values: [50, 100, 200, 250, 500, 30] },
  { from: 'cup', to: 'ml', values: [2, 3, 4, 1.5, 2.5] },
  { from: 'km', to: 'm', values: [1.5, 2.3, 3.5, 0.8, 12, 4] },
  { from: 'hour', to: 'minute', values: [2, 3, 5, 1.5, 2.5, 8, 12] },
  { from: 'day', to: 'hour', values: [2, 3, 5, 7, 10, 14] },
];

export const TEMPERATURE_WORDS: Record<Language, { fahrenheit: string[]; celsius: string[]; fahrenheitName: string; celsiusName: string }> = {
  en: { fahrenheit: ['°F', ' degrees Fahrenheit', ' fahrenheit', ' F', ' degrees F', '°F'], celsius: ['°C', ' degrees Celsius', ' celsius', ' C', ' degrees C', '°C'], fahrenheitName: 'Fahrenheit', celsiusName: 'Celsius' },
  fr: { fahrenheit: ['°F', ' degrés Fahrenheit', ' Fahrenheit', ' °F', ' degrés F'], celsius: ['°C', ' degrés Celsius', ' Celsius', ' °C', ' degrés'], fahrenheitName: 'Fahrenheit', celsiusName: 'Celsius' },
  de: { fahrenheit: ['°F', ' Grad Fahrenheit', ' Fahrenheit', ' °F'], celsius: ['°C', ' Grad Celsius', ' Celsius', ' °C', ' Grad'], fahrenheitName: 'Fahrenheit', celsiusName: 'Celsius' },
  es: { fahrenheit: ['°F', ' grados Fahrenheit', ' Fahrenheit', ' °F', ' grados F'], celsius: ['°C', ' grados Celsius', ' grados centígrados', ' °C', ' grados'], fahrenheitName: 'Fahrenheit', celsiusName: 'Celsius' },
};

export interface Fraction {
  numerator: number;
  denominator: number;
  /** "three quarters of" (the article included where the language wants one). */
  of: Record<Language, string[]>;
  /** "three quarters" alone, as in "three quarters as a percentage". */
  bare: Record<Language, string[]>;
}

const fraction = (numerator: number, denominator: number, of: Record<Language, string[]>, bare: Record<Language, string[]>): Fraction => ({ numerator, denominator, of, bare });

export const FRACTIONS: readonly Fraction[] = [
  fraction(1, 3, { en: ['a third of', 'one third of'], fr: ['le tiers de', 'un tiers de'], de: ['ein Drittel von', 'ein Drittel von'], es: ['un tercio de', 'la tercera parte de'] }, { en: ['one third', 'a third'], fr: ['un tiers'], de: ['ein Drittel'], es: ['un tercio'] }),
  fraction(2, 3, { en: ['two thirds of', 'two-thirds of'], fr: ['les deux tiers de', 'deux tiers de'], de: ['zwei Drittel von'], es: ['dos tercios de', 'las dos terceras partes de'] }, { en: ['two thirds'], fr: ['deux tiers'], de: ['zwei Drittel'], es: ['dos tercios'] }),
  fraction(1, 4, { en: ['a quarter of', 'one fourth of', 'one quarter of'], fr: ['le quart de', 'un quart de'], de: ['ein Viertel von', 'ein Viertel von'], es: ['un cuarto de', 'la cuarta parte de'] }, { en: ['a quarter', 'one fourth'], fr: ['un quart'], de: ['ein Viertel'], es: ['un cuarto'] }),
  fraction(3, 4, { en: ['three quarters of', 'three fourths of', 'three-quarters of'], fr: ['les trois quarts de', 'trois quarts de'], de: ['drei Viertel von', 'dreiviertel von'], es: ['tres cuartos de', 'tres cuartas partes de'] }, { en: ['three quarters', 'three fourths'], fr: ['trois quarts'], de: ['drei Viertel', 'dreiviertel'], es: ['tres cuartos'] }),
  fraction(1, 5, { en: ['a fifth of', 'one fifth of'], fr: ['un cinquième de', 'le cinquième de'], de: ['ein Fünftel von'], es: ['un quinto de', 'la quinta parte de'] }, { en: ['one fifth', 'a fifth'], fr: ['un cinquième'], de: ['ein Fünftel'], es: ['un quinto'] }),
  fraction(2, 5, { en: ['two fifths of'], fr: ['deux cinquièmes de'], de: ['zwei Fünftel von'], es: ['dos quintos de'] }, { en: ['two fifths'], fr: ['deux cinquièmes'], de: ['zwei Fünftel'], es: ['dos quintos'] }),
  fraction(1, 8, { en: ['an eighth of', 'one eighth of'], fr: ['un huitième de'], de: ['ein Achtel von'], es: ['un octavo de', 'la octava parte de'] }, { en: ['one eighth', 'an eighth'], fr: ['un huitième'], de: ['ein Achtel'], es: ['un octavo'] }),
  fraction(3, 8, { en: ['three eighths of'], fr: ['trois huitièmes de'], de: ['drei Achtel von'], es: ['tres octavos de'] }, { en: ['three eighths'], fr: ['trois huitièmes'], de: ['drei Achtel'], es: ['tres octavos'] }),
  fraction(1, 10, { en: ['a tenth of', 'one tenth of'], fr: ['un dixième de', 'le dixième de'], de: ['ein Zehntel von'], es: ['un décimo de', 'la décima parte de'] }, { en: ['one tenth', 'a tenth'], fr: ['un dixième'], de: ['ein Zehntel'], es: ['un décimo'] }),
  fraction(1, 2, { en: ['half of', 'one half of'], fr: ['la moitié de'], de: ['die Hälfte von', 'die Hälfte von'], es: ['la mitad de'] }, { en: ['one half', 'a half'], fr: ['un demi', 'une moitié'], de: ['ein halb', 'einhalb'], es: ['un medio'] }),
];

/** Cities whose offset differs from Berlin by whole hours (no half-hour offsets in differences). */
export const WHOLE_HOUR_CITIES = Object.keys(CITIES).filter((key) => CITIES[key]!.offset % 60 === 0);

export function cityName(rng: Rng, city: City, lang: Language): string {
  const names = city.names[lang];
  return rng.chance(0.8) ? names[0]! : rng.pick(names);
}

/** Reminders: what to do, and a word of it the answer must repeat (a pronoun may change, not it). */
export interface Task {
  key: string;
  /** English, French, Spanish: an infinitive phrase; German: the bare infinitive phrase. */
  text: string;
  /** German: with "zu" ("den Zahnarzt anzurufen"). */
  zu?: string;
}

export const TASKS: Record<Language, readonly Task[]> = {
  en: [
    { key: 'dentist', text: 'call the dentist' },
    { key: 'plants', text: 'water the plants' },
    { key: 'oven', text: 'take the cake out of the oven' },
    { key: 'pills', text: 'take my pills' },
    { key: 'car', text: 'move the car' },
    { key: 'laundry', text: 'check the laundry' },
    { key: 'bins', text: 'put the bins out' },
    { key: 'grandma', text: 'ring grandma' },
  ],
  fr: [
    { key: 'dentiste', text: 'appeler le dentiste' },
    { key: 'plantes', text: 'arroser les plantes' },
    { key: 'four', text: 'sortir le gâteau du four' },
    { key: 'médicaments', text: 'prendre mes médicaments' },
    { key: 'voiture', text: 'déplacer la voiture' },
    { key: 'linge', text: 'étendre le linge' },
    { key: 'poubelles', text: 'sortir les poubelles' },
    { key: 'mamie', text: 'appeler mamie' },
  ],
  de: [
    { key: 'Zahnarzt', text: 'den Zahnarzt anrufen', zu: 'den Zahnarzt anzurufen' },
    { key: 'Pflanzen', text: 'die Pflanzen gießen', zu: 'die Pflanzen zu gießen' },
    { key: 'Ofen', text: 'den Kuchen aus dem Ofen holen', zu: 'den Kuchen aus dem Ofen zu holen' },
    { key: 'Tabletten', text: 'meine Tabletten nehmen', zu: 'meine Tabletten zu nehmen' },
    { key: 'Auto', text: 'das Auto umparken', zu: 'das Auto umzuparken' },
    { key: 'Wäsche', text: 'die Wäsche aufhängen', zu: 'die Wäsche aufzuhängen' },
    { key: 'Müll', text: 'den Müll rausbringen', zu: 'den Müll rauszubringen' },
    { key: 'Oma', text: 'Oma anrufen', zu: 'Oma anzurufen' },
  ],
  es: [
    { key: 'dentista', text: 'llamar al dentista' },
    { key: 'plantas', text: 'regar las plantas' },
    { key: 'horno', text: 'sacar el bizcocho del horno' },
    { key: 'pastillas', text: 'tomarme las pastillas' },
    { key: 'coche', text: 'mover el coche' },
    { key: 'lavadora', text: 'tender la lavadora' },
    { key: 'basura', text: 'sacar la basura' },
    { key: 'abuela', text: 'llamar a la abuela' },
  ],
};

/** Named timers: the name as it follows the word for timer, and the word the answer must repeat. */
export const TIMER_NAMES: Record<Language, ReadonlyArray<{ key: string; phrase: string }>> = {
  en: [
    { key: 'pasta', phrase: 'pasta' },
    { key: 'rice', phrase: 'rice' },
    { key: 'laundry', phrase: 'laundry' },
    { key: 'pizza', phrase: 'pizza' },
  ],
  fr: [
    { key: 'pâtes', phrase: 'les pâtes' },
    { key: 'œufs', phrase: 'les œufs' },
    { key: 'gâteau', phrase: 'le gâteau' },
    { key: 'pizza', phrase: 'la pizza' },
  ],
  de: [
    { key: 'Nudel', phrase: 'Nudeln' },
    { key: 'Eier', phrase: 'Eier' },
    { key: 'Kartoffel', phrase: 'Kartoffeln' },
    { key: 'Brötchen', phrase: 'Brötchen' },
  ],
  es: [
    { key: 'pasta', phrase: 'la pasta' },
    { key: 'huevos', phrase: 'los huevos' },
    { key: 'pizza', phrase: 'la pizza' },
    { key: 'arroz', phrase: 'el arroz' },
  ],
};

/** Days people count to: the name as it follows "until" in each language, and the date. */
export interface Occasion {
  month: number;
  day: number;
  /** The year it next falls on, seen from Friday 20 November 2026. */
  year: number;
  names: Partial<Record<Language, string[]>>;
}

export const OCCASIONS: readonly Occasion[] = [
  { month: 12, day: 25, year: 2026, names: { en: ['Christmas', 'Christmas Day', 'xmas'], fr: ['Noël', 'Noël'], de: ['zum ersten Weihnachtstag', 'zum 1. Weihnachtsfeiertag'], es: ['Navidad', 'el día de Navidad'] } },
  { month: 12, day: 24, year: 2026, names: { en: ['Christmas Eve'], fr: ['le réveillon de Noël', 'la veille de Noël'], de: ['Heiligabend', 'Heiligabend'], es: ['Nochebuena'] } },
  { month: 12, day: 31, year: 2026, names: { en: ["New Year's Eve", 'new years eve'], fr: ['la Saint-Sylvestre', 'le réveillon du nouvel an'], de: ['Silvester'], es: ['Nochevieja'] } },
  { month: 1, day: 1, year: 2027, names: { en: ["New Year's Day", 'new year'], fr: ["le jour de l'an", 'le nouvel an'], de: ['Neujahr'], es: ['Año Nuevo', 'el año nuevo'] } },
  { month: 2, day: 14, year: 2027, names: { en: ["Valentine's Day", 'valentines day'], fr: ['la Saint-Valentin'], de: ['zum Valentinstag'], es: ['San Valentín'] } },
  { month: 10, day: 31, year: 2027, names: { en: ['Halloween'], fr: ['Halloween'], de: ['Halloween'], es: ['Halloween'] } },
  { month: 11, day: 26, year: 2026, names: { en: ['Thanksgiving'] } },
  { month: 7, day: 4, year: 2027, names: { en: ['the Fourth of July', 'July 4th'] } },
  { month: 7, day: 14, year: 2027, names: { fr: ['le 14 juillet', 'la fête nationale'] } },
  { month: 12, day: 6, year: 2026, names: { de: ['Nikolaus', 'zum Nikolaustag'] } },
  { month: 10, day: 3, year: 2027, names: { de: ['zum Tag der Deutschen Einheit'] } },
  { month: 1, day: 6, year: 2027, names: { es: ['Reyes', 'el día de Reyes'], de: ['Heilige Drei Könige'] } },
  { month: 10, day: 12, year: 2027, names: { es: ['el Día de la Hispanidad', 'el 12 de octubre'] } },
];
