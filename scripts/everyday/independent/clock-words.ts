import { MONTH_NAMES, type CivilDate } from '../generator/world.ts';
import { writeDigits, writeNumber } from './surface.ts';
import type { Ctx } from './types.ts';

// Dates, clock times and spans of time as people write them in each language.

const ordinalSuffix = (day: number) => (day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th');
const pad = (n: number) => String(n).padStart(2, '0');

/** A date written in words or digits; without the year only where the question makes it plain. */
export function writeDate(ctx: Ctx, date: CivilDate, withYear: boolean): string {
  const { lang, rng } = ctx;
  const { year, month, day } = date;
  const name = MONTH_NAMES[lang][month - 1]!;
  const y = withYear ? year : null;
  switch (lang) {
    case 'en': {
      const forms = [`${name} ${day}`, `${day} ${name}`, `${name} ${day}${ordinalSuffix(day)}`, `the ${day}${ordinalSuffix(day)} of ${name}`];
      const form = rng.pick(forms);
      return y === null ? form : form.startsWith(name) ? `${form}, ${y}` : `${form} ${y}`;
    }
    case 'fr': {
      if (y !== null && rng.chance(0.25)) return `${pad(day)}/${pad(month)}/${y}`;
      const form = `${day === 1 ? '1er' : day} ${name}`;
      return y === null ? form : `${form} ${y}`;
    }
    case 'de': {
      if (y !== null && rng.chance(0.3)) return rng.chance(0.5) ? `${pad(day)}.${pad(month)}.${y}` : `${day}.${month}.${y}`;
      if (y === null && rng.chance(0.2)) return `${day}.${month}.`;
      const form = `${day}. ${name}`;
      return y === null ? form : `${form} ${y}`;
    }
    case 'es': {
      if (y !== null && rng.chance(0.25)) return `${day}/${month}/${y}`;
      const form = `${day === 1 && rng.chance(0.4) ? 'primero' : day} de ${name}`;
      return y === null ? form : `${form} de ${y}`;
    }
  }
}

/**
 * How the hour is read: `morning` (an alarm, "at seven" means 07:00), `later` (a time later
 * today: "until six" means 18:00), `explicit` (an afternoon alarm: the form must say pm).
 */
export type ClockReading = 'morning' | 'later' | 'explicit';

/** A clock time. Spanish comes without its article ("a las {t}"), German with or without "Uhr". */
export function writeClock(ctx: Ctx, hour: number, minute: number, reading: ClockReading): string {
  const { lang, rng } = ctx;
  const h12 = hour % 12 || 12;
  const next12 = (hour + 1) % 12 || 12;
  // "Until 6:30" is this evening; "until 10:30" may as well be tomorrow morning.
  const bare = reading === 'morning' || (reading === 'later' && hour <= 20);
  const afternoon = hour >= 12;
  const n = (value: number) => writeNumber(ctx, value);
  const forms: string[] = [];
  switch (lang) {
    case 'en': {
      const half = rng.pick(afternoon ? ['pm', ' pm', ' p.m.', 'PM', ' PM'] : ['am', ' am', ' a.m.', 'AM', ' AM']);
      forms.push(`${h12}:${pad(minute)}${half}`);
      if (minute === 0) forms.push(`${h12}${half}`);
      if (afternoon || rng.chance(0.5)) forms.push(`${afternoon ? hour : pad(hour)}:${pad(minute)}`);
      if (bare) {
        forms.push(`${h12}:${pad(minute)}`);
        if (minute === 0) forms.push(`${n(h12)} o'clock`, `${n(h12)}`);
        if (minute === 30) forms.push(`half past ${n(h12)}`);
        if (minute === 15) forms.push(`quarter past ${n(h12)}`, `a quarter past ${n(h12)}`);
        if (minute === 45) forms.push(`quarter to ${n(next12)}`, `a quarter to ${n(next12)}`);
      } else {
        if (minute === 30) forms.push(`half past ${n(h12)} in the ${hour < 18 ? 'afternoon' : 'evening'}`);
        if (minute === 0) forms.push(`${n(h12)} in the ${hour < 18 ? 'afternoon' : 'evening'}`);
      }
      break;
    }
    case 'fr': {
      forms.push(`${hour}h${pad(minute)}`, `${hour} h ${pad(minute)}`, `${hour}:${pad(minute)}`);
      if (minute === 0) forms.push(`${hour}h`, `${hour} heures`, `${n(hour)} heures`);
      if (minute === 30) forms.push(`${n(hour)} heures et demie`, `${hour} heures trente`);
      if (minute === 15) forms.push(`${n(hour)} heures et quart`, `${hour} heures quinze`);
      if (minute === 45) forms.push(`${n(hour + 1)} heures moins le quart`, `${hour} h 45`);
      if (minute !== 0 && minute % 15 !== 0) forms.push(`${hour} heures ${minute}`);
      if (afternoon && hour !== 13) forms.push(`${n(h12)} heures${minute === 30 ? ' et demie' : minute === 15 ? ' et quart' : minute === 0 ? '' : ` ${minute}`} ${hour < 18 ? "de l'après-midi" : 'du soir'}`);
      if (!afternoon && rng.chance(0.5)) forms.push(`${n(hour)} heures${minute === 30 ? ' et demie' : minute === 0 ? '' : ` ${minute}`} du matin`);
      break;
    }
    case 'de': {
      forms.push(`${hour}:${pad(minute)}`, `${hour}:${pad(minute)} Uhr`, `${hour}.${pad(minute)} Uhr`);
      if (minute === 0) forms.push(`${hour} Uhr`, `${n(hour)} Uhr`);
      if (minute !== 0) forms.push(`${hour} Uhr ${minute}`);
      const period = afternoon ? (hour < 18 ? 'nachmittags' : 'abends') : 'morgens';
      const spoken: string[] = [];
      if (minute === 30) spoken.push(`halb ${n(next12)}`);
      if (minute === 15) spoken.push(`Viertel nach ${n(h12)}`);
      if (minute === 45) spoken.push(`Viertel vor ${n(next12)}`);
      if (minute === 0) spoken.push(`${n(h12)} Uhr`);
      for (const form of spoken) forms.push(bare && (!afternoon || reading === 'later') ? form : `${form} ${period}`);
      break;
    }
    case 'es': {
      if (afternoon) forms.push(`${hour}:${pad(minute)}`);
      const period = afternoon ? (hour < 21 ? 'de la tarde' : 'de la noche') : 'de la mañana';
      const spoken: string[] = [`${h12}:${pad(minute)}`];
      if (minute === 0) spoken.push(`${n(h12)}`, `${h12} en punto`);
      if (minute === 30) spoken.push(`${n(h12)} y media`);
      if (minute === 15) spoken.push(`${n(h12)} y cuarto`);
      if (minute === 45) spoken.push(`${n(next12)} menos cuarto`);
      if (minute !== 0 && minute % 15 !== 0) spoken.push(`${h12} y ${minute}`);
      for (const form of spoken) {
        forms.push(`${form} ${period}`);
        if (bare) forms.push(form);
      }
      break;
    }
  }
  return rng.pick(forms);
}

/** What a span of time must show in the answer: its hours and minutes as a person says them. */
export function durationNumbers(seconds: number): number[] {
  if (seconds < 60) return [seconds];
  const minutes = seconds / 60;
  if (minutes % 60 === 0) return [minutes / 60];
  if (minutes < 60) return [minutes];
  return [Math.floor(minutes / 60), minutes % 60];
}

/** Spans a question may name: seconds, minutes below the hour, whole hours, and a few mixed. */
export function pickDuration(ctx: Ctx): number {
  const roll = ctx.rng.next();
  if (roll < 0.12) return ctx.rng.pick([10, 15, 20, 30, 40, 45, 50]);
  if (roll < 0.65) return ctx.rng.int(2, 59) * 60;
  if (roll < 0.8) return ctx.rng.pick([30, 15, 45]) * 60;
  if (roll < 0.9) return ctx.rng.int(1, 3) * 3600;
  return ctx.rng.pick([75, 90, 90, 150, 100]) * 60;
}

/** A span of time; German in the accusative ("auf eine Stunde") or dative ("in einer Stunde"). */
export function writeDuration(ctx: Ctx, seconds: number, germanCase: 'acc' | 'dat' = 'acc'): string {
  const { lang, rng } = ctx;
  const n = (value: number) => writeNumber(ctx, value);
  const minutes = seconds / 60;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const forms: string[] = [];
  const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);
  switch (lang) {
    case 'en':
      if (seconds < 60) forms.push(`${n(seconds)} seconds`, `${n(seconds)} secs`, `${seconds} sec`);
      else if (hours === 0) {
        forms.push(`${n(minutes)} minutes`, `${n(minutes)} mins`, `${minutes} min`);
        if (minutes === 30) forms.push('half an hour', 'half an hour');
        if (minutes === 15) forms.push('a quarter of an hour', 'quarter of an hour');
      } else if (rest === 0) forms.push(hours === 1 ? rng.pick(['an hour', '1 hour', 'one hour']) : `${n(hours)} hours`, hours === 1 ? '1 hr' : `${hours} hrs`);
      else {
        forms.push(`${hours} ${plural(hours, 'hour', 'hours')} ${rest} minutes`, `${n(hours)} ${plural(hours, 'hour', 'hours')} and ${n(rest)} minutes`);
        if (hours === 1) forms.push(`an hour and ${n(rest)} minutes`);
        if (rest === 30) forms.push(hours === 1 ? 'an hour and a half' : `${n(hours)} and a half hours`, `${hours}.5 hours`);
      }
      break;
    case 'fr':
      if (seconds < 60) forms.push(`${n(seconds)} secondes`, `${seconds} sec`);
      else if (hours === 0) {
        forms.push(`${n(minutes)} minutes`, `${minutes} min`, `${n(minutes)} minutes`);
        if (minutes === 30) forms.push('une demi-heure', 'une demi-heure');
        if (minutes === 15) forms.push("un quart d'heure");
        if (minutes === 45) forms.push("trois quarts d'heure");
      } else if (rest === 0) forms.push(hours === 1 ? rng.pick(['une heure', '1 heure', '1 h']) : `${n(hours)} heures`, `${hours} h`);
      else {
        const h = hours === 1 ? 'une heure' : `${n(hours)} heures`;
        forms.push(`${hours} h ${pad(rest)}`, `${h} et ${n(rest)} minutes`);
        if (rest === 30) forms.push(`${h} et demie`);
        if (rest === 15) forms.push(`${h} et quart`);
        if (rest !== 30 && rest !== 15) forms.push(`${h} ${n(rest)}`);
      }
      break;
    case 'de': {
      if (seconds < 60) forms.push(`${n(seconds)} Sekunden`, `${seconds} Sek.`);
      else if (hours === 0) {
        forms.push(`${n(minutes)} Minuten`, `${minutes} Min.`, `${n(minutes)} Minuten`);
        if (minutes === 30) forms.push('eine halbe Stunde', 'eine halbe Stunde');
        if (minutes === 15) forms.push('eine Viertelstunde');
        if (minutes === 45) forms.push('eine Dreiviertelstunde');
      } else if (rest === 0) forms.push(hours === 1 ? rng.pick(['eine Stunde', '1 Stunde']) : `${n(hours)} Stunden`, hours === 1 ? '1 Std.' : `${hours} Std.`);
      else {
        const h = hours === 1 ? rng.pick(['eine Stunde', '1 Stunde']) : `${n(hours)} Stunden`;
        forms.push(`${h} und ${n(rest)} Minuten`, `${h} ${rest} Minuten`);
        if (rest === 30) forms.push(hours === 1 ? rng.pick(['anderthalb Stunden', 'eineinhalb Stunden']) : `${n(hours)}einhalb Stunden`, `${hours},5 Stunden`);
      }
      const form = rng.pick(forms);
      return germanCase === 'dat' ? form.replace(/^eine halbe\b/, 'einer halben').replace(/^eine\b/, 'einer') : form;
    }
    case 'es':
      if (seconds < 60) forms.push(`${n(seconds)} segundos`, `${seconds} seg`);
      else if (hours === 0) {
        forms.push(`${n(minutes)} minutos`, `${minutes} min`, `${n(minutes)} minutos`);
        if (minutes === 30) forms.push('media hora', 'media hora');
        if (minutes === 15) forms.push('un cuarto de hora');
        if (minutes === 45) forms.push('tres cuartos de hora');
      } else if (rest === 0) forms.push(hours === 1 ? rng.pick(['una hora', '1 hora']) : `${n(hours)} horas`);
      else {
        const h = hours === 1 ? rng.pick(['una hora', '1 hora']) : `${n(hours)} horas`;
        forms.push(`${h} y ${n(rest)} minutos`);
        if (rest === 30) forms.push(hours === 1 ? rng.pick(['hora y media', 'una hora y media']) : `${n(hours)} horas y media`);
        if (rest === 15) forms.push(`${h} y cuarto`);
      }
      break;
  }
  return rng.pick(forms);
}

/** "a 10-minute timer": the span as an English adjective (whole minutes, hours or seconds only). */
export function englishDurationAdjective(ctx: Ctx, seconds: number): string {
  const n = (value: number) => writeNumber(ctx, value);
  if (seconds < 60) return ctx.rng.pick([`${n(seconds)}-second`, `${seconds} second`]);
  const minutes = seconds / 60;
  if (minutes % 60 === 0) return ctx.rng.pick([`${n(minutes / 60)}-hour`, `${minutes / 60} hour`]);
  return ctx.rng.pick([`${n(minutes)}-minute`, `${minutes} minute`, `${minutes} min`]);
}

export const durationIsSimple = (seconds: number) => seconds < 60 || (seconds / 60) % 60 === 0 || seconds < 3600;

/** Money: "$42.50", "42,50 €", "42 euros". */
export function writeMoney(ctx: Ctx, value: number): string {
  const { lang, rng } = ctx;
  const amount = writeDigits(ctx, value, { money: true });
  const whole = Number.isInteger(value);
  const spoken = whole ? writeNumber(ctx, value) : amount;
  switch (lang) {
    case 'en':
      return rng.pick([`$${amount}`, `${spoken} dollars`, `${amount} bucks`, `£${amount}`, `${spoken} euros`, `$${amount}`]);
    case 'fr':
      return rng.pick([`${amount} €`, `${amount}€`, `${spoken} euros`, `${amount} euros`]);
    case 'de':
      return rng.pick([`${amount} €`, `${amount}€`, `${spoken} Euro`, `${amount} Euro`]);
    case 'es':
      return rng.pick([`${amount} €`, `${amount}€`, `${spoken} euros`, `${amount} euros`, `${spoken} dólares`]);
  }
}
