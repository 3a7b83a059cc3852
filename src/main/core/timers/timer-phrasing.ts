import { wordsToNumbers } from '../experts/specialists/calculator-phrasing.ts';
import type { ReminderKind } from '../../ports/timer-book.ts';

// What a timer, alarm or reminder request asks for, read from its English reading
// (core/language/to-english.ts): "set a timer for 10 minutes", "start a 25 minute timer for the
// pasta", "wake me up at 6:30 tomorrow", "remind me to call mum in 20 minutes", "how much time is
// left", "cancel the pasta timer", "snooze". Null when the words are about none of these.

export interface ClockTime {
  hour: number;
  minute: number;
  /** "tomorrow" was said; otherwise the next time the clock shows it. */
  tomorrow: boolean;
}

export type TimerIntent =
  | { type: 'set_timer'; durationMs: number; label: string | null }
  | { type: 'set_alarm'; at: ClockTime; label: string | null }
  | { type: 'set_reminder'; label: string; inMs: number | null; at: ClockTime | null }
  | { type: 'list'; kind: ReminderKind | null }
  | { type: 'time_left'; kind: ReminderKind | null; label: string | null }
  | { type: 'cancel'; kind: ReminderKind | null; label: string | null; all: boolean }
  | { type: 'snooze'; durationMs: number | null };

const UNIT_MS: [RegExp, number][] = [
  [/^(?:hours?|hrs?|h)$/, 3_600_000],
  [/^(?:minutes?|mins?|m)$/, 60_000],
  [/^(?:seconds?|secs?|s)$/, 1000],
];

const DURATION = /(?<![\w.])(\d+(?:\.\d+)?(?: ?)|(?:an?|one|half an?|a half) )(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b(?: and a half)?/g;

const amountOf = (word: string) => (/^(?:an?|one)$/.test(word) ? 1 : /^two$/.test(word) ? 2 : /^three$/.test(word) ? 3 : Number(word));
const unitOf = (word: string) => UNIT_MS.find(([pattern]) => pattern.test(word))?.[1] ?? 0;

/** Spans said as a whole: "one and a half hours", "a quarter of an hour", "three quarters of an hour". */
const WHOLE_SPANS: [RegExp, (match: RegExpMatchArray) => number][] = [
  [/\b(\d+(?:\.\d+)?|an?|one) and a half (hours?|minutes?)\b/g, (match) => (amountOf(match[1]!) + 0.5) * unitOf(match[2]!)],
  [/\b(?:(an?|one|two|three|\d) )?quarters? of an hour\b/g, (match) => amountOf(match[1] ?? 'a') * 900_000],
];

/** "1 hour and 30 minutes", "an hour and a half", "half an hour", "90 seconds", "1h30" -> ms. */
export function parseDuration(text: string): { ms: number; spans: [number, number][] } | null {
  const normalised = text.replace(/(\d+)h(\d{2})\b/g, '$1 hours $2 minutes');
  let ms = 0;
  const spans: [number, number][] = [];
  const taken = (start: number, end: number) => spans.some(([from, to]) => start < to && end > from);
  for (const [pattern, value] of WHOLE_SPANS) {
    for (const match of normalised.matchAll(pattern)) {
      ms += value(match);
      spans.push([match.index, match.index + match[0].length]);
    }
  }
  for (const match of normalised.matchAll(DURATION)) {
    if (taken(match.index, match.index + match[0].length)) continue;
    const unit = UNIT_MS.find(([pattern]) => pattern.test(match[2]!))?.[1];
    if (unit === undefined) continue;
    const amount = match[1]!.trim();
    let value = /^half/.test(amount) || amount === 'a half' ? 0.5 : /^(?:an?|one)$/.test(amount) ? 1 : Number(amount);
    if (/and a half$/.test(match[0])) value += 0.5;
    ms += value * unit;
    spans.push([match.index, match.index + match[0].length]);
  }
  return ms > 0 ? { ms: Math.round(ms), spans: spans.sort((a, b) => a[0] - b[0]) } : null;
}

const CLOCK = /\b(?:at |for |to |on )?(\d{1,2})(?::(\d{2}))? ?(a\.?m\.?|p\.?m\.?|o'?clock)?(?=\s|$|[,.!?])|\b(noon|midday|midnight)\b/g;

/** A time of day said with am/pm, as HH:MM, "noon", or a bare hour after "at"/"for". */
export function parseClockTime(text: string): ClockTime | null {
  const tomorrow = /\btomorrow\b/.test(text);
  for (const match of text.matchAll(CLOCK)) {
    if (match[4]) return { hour: match[4] === 'midnight' ? 0 : 12, minute: 0, tomorrow };
    const hasMinutes = match[2] !== undefined;
    const half = match[3]?.[0];
    const bareAfterWord = /^(?:at|for|to|on) /.test(match[0]);
    if (!hasMinutes && !half && !bareAfterWord) continue;
    let hour = Number(match[1]);
    const minute = hasMinutes ? Number(match[2]) : 0;
    if (hour > 23 || minute > 59) continue;
    if (half === 'p' && hour < 12) hour += 12;
    if (half === 'a' && hour === 12) hour = 0;
    // Skip a duration's number ("for 10 minutes").
    const after = text.slice(match.index + match[0].length);
    if (!hasMinutes && /^\s*(?:hours?|minutes?|seconds?|mins?|secs?|days?)\b/.test(after)) continue;
    return { hour, minute, tomorrow };
  }
  return null;
}

const KIND_WORDS: [ReminderKind, RegExp][] = [
  ['timer', /\b(?:timers?|countdowns?|egg timer|time me)\b|^(?:(?:could|can|would) you |please )?time (?=\d|an? |one |half |a quarter )/],
  ['alarm', /\b(?:alarms?|wake me(?: up)?|wake-up call|get (?:me )?up|wake up|be up)\b/],
  ['reminder', /\b(?:reminders?|remind me|tell me to|ping me to)\b/],
];
/** Asking for a reminder: "remind me", "set a reminder", "tell me to ... in an hour". */
const REMINDER_ASKED = /\bremind me\b|\bdon'?t let me forget(?: to)?\b|\bmake sure i (?:remember|don'?t forget)(?: to)?\b|\b(?:set|create|add|make|put|schedule)(?: me)? (?:a |an )?reminder\b|\b(?:a )?reminder (?:in|at|for|to)\b|\b(?:tell|ping) me to\b/;

const kindIn = (text: string): ReminderKind | null => KIND_WORDS.find(([, pattern]) => pattern.test(text))?.[0] ?? null;

const clean = (text: string) =>
  clockWords(
    wordsToNumbers(
      text
        .toLowerCase()
        .replace(/[’]/g, "'")
        .replace(/[?!]+/g, ' ')
        .replace(/:(?=\s|$)/g, ',')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );

/** "half past 6" -> "6:30", "a quarter to 8" -> "7:45", "7 in the morning" -> "7 am". */
export function clockWords(text: string): string {
  return text
    .replace(/\bhalf past (\d{1,2})\b/g, '$1:30')
    .replace(/\b(?:a )?quarter past (\d{1,2})\b/g, '$1:15')
    .replace(/\b(?:a )?quarter (?:to|of) (\d{1,2})\b/g, (_all, hour: string) => `${(Number(hour) + 11) % 12 || 12}:45`)
    // German "halb acht", read as "half to 8": half an hour before eight.
    .replace(/\bhalf to (\d{1,2})\b/g, (_all, hour: string) => `${(Number(hour) + 11) % 12 || 12}:30`)
    .replace(/(\d)(?: o'?clock)? in the morning\b/g, '$1 am')
    .replace(/(\d)(?: o'?clock)? (?:in the (?:afternoon|evening)|at night|tonight)\b/g, '$1 pm');
}

/** What is left of the words once the frame, the duration and the time are taken out. */
function labelOf(text: string, remove: readonly RegExp[]): string | null {
  let out = text;
  for (const pattern of remove) out = out.replace(pattern, ' ');
  out = out
    .replace(/\b(?:please|for me|now|thanks|ok|okay|in|at|for|until|on|to|the|a|an|my|me|set|start|put|make|create|called|named|labell?ed|timer|alarm|reminder|tomorrow|today)\b/g, ' ')
    .replace(/[,.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return out.length > 0 && /\p{L}/u.test(out) ? out : null;
}

export function parseTimerIntent(query: string): TimerIntent | null {
  const text = clean(query);
  const kind = kindIn(text);

  if (/\bsnooze\b/.test(text)) return { type: 'snooze', durationMs: parseDuration(text)?.ms ?? null };

  if (kind && /\b(?:list|show|what are|which|any|do i have|how many)\b/.test(text) && !/\bleft\b|\bremaining\b/.test(text)) {
    return { type: 'list', kind: /\b(?:timers|alarms|reminders)\b/.test(text) || /\bany\b/.test(text) ? kind : kind };
  }
  if (/^(?:my )?(?:timers|alarms|reminders)$/.test(text)) return { type: 'list', kind };

  if (/\bhow (?:much|long)\b.*\b(?:left|remaining|remains?|to go|still|more)\b|\btime (?:is )?(?:left|remaining)\b|\b(?:left|remaining) on\b|\bhow much time is left\b|\bhow long until (?:the|my) \w*\s?(?:timer|alarm|reminder)\b|\bwhat'?s left on\b/.test(text)) {
    return { type: 'time_left', kind: kind === 'alarm' || kind === 'reminder' ? kind : kind, label: labelOf(text, [/\bhow (?:much|long)\b/g, /\b(?:time|is|are|left|remaining|to go|still|more|there|do i have|does|run|running|on|of)\b/g]) };
  }

  if (/\b(?:cancel|stop|delete|remove|clear|turn off|switch off|kill|abort|end|dismiss|silence)\b/.test(text) && (kind || /^(?:cancel|stop)(?: it| that)?$/.test(text))) {
    const all = /\ball\b|\bevery\b/.test(text);
    return { type: 'cancel', kind, all, label: labelOf(text, [/\b(?:cancel|stop|delete|remove|clear|turn off|switch off|kill|abort|end|dismiss|silence|all|every|timers|alarms|reminders|it|that|this)\b/g]) };
  }

  if (REMINDER_ASKED.test(text)) {
    const duration = parseDuration(text);
    const at = duration ? null : parseClockTime(text);
    if (!duration && !at) return null;
    const remove: RegExp[] = [new RegExp(REMINDER_ASKED.source, 'g'), /\b(?:to|about|that|of|i need|i have|i must|i should)\b/g, CLOCK, /\bin\b/g];
    let withoutDuration = text;
    for (const [start, end] of [...(duration?.spans ?? [])].reverse()) withoutDuration = withoutDuration.slice(0, start) + withoutDuration.slice(end);
    const label = labelOf(withoutDuration, remove) ?? 'your reminder';
    return { type: 'set_reminder', label, inMs: duration?.ms ?? null, at };
  }

  if (kind === 'alarm' || (/\bwake\b/.test(text) && /\bup\b|\bme\b/.test(text)) || /\b(?:be|get) up\b/.test(text)) {
    const at = parseClockTime(text);
    if (at) return { type: 'set_alarm', at, label: null };
  }

  const duration = parseDuration(text);
  if (duration && (kind === 'timer' || /^(?:set|start)?\s*(?:a |an )?[\d.]+ ?(?:hours?|minutes?|seconds?|mins?|secs?)(?: and [\d.]+ ?(?:minutes?|seconds?))?$/.test(text))) {
    let withoutDuration = text;
    for (const [start, end] of [...duration.spans].reverse()) withoutDuration = withoutDuration.slice(0, start) + withoutDuration.slice(end);
    const rest = withoutDuration.replace(/\b(?:and|&)\b/g, ' ').replace(/\s+/g, ' ').trim();
    const label = /.*\b(?:for|until|called|named|labell?ed) (?:the |my |a )?(\p{L}[\p{L} ]*)$/u.exec(rest)?.[1]?.trim() ?? /(\p{L}+) timer\b/u.exec(rest)?.[1] ?? null;
    return { type: 'set_timer', durationMs: duration.ms, label: label && !/^(?:a|an|the|egg|kitchen|countdown|set|start|minute|second|hour|me|us|you|it|now|please)$/.test(label) ? label : null };
  }
  return null;
}
