// Reads a weather question: is it one, which place, which day, and whether it asks about rain or
// snow in particular. Plain text rules, no network.

export type WeatherDay = 'now' | 'today' | 'tomorrow' | 'week';

export interface WeatherQuestion {
  /** As the user said it; null when no place was named ("will it rain tomorrow"). */
  place: string | null;
  day: WeatherDay;
  asks: 'rain' | 'snow' | 'general';
}

const STRONG = /\b(?:weather|forecast|rain(?:s|ing|y)?|snow(?:s|ing|y)?|umbrella|sunny|cloudy|overcast|windy|storm(?:s|y)?|thunderstorms?|drizzle|foggy)\b/;
const WEAK = /\b(?:temperature|hot|cold|warm|chilly|humid|freezing|wind|degrees|jacket|coat|outside|conditions)\b/;
const WHEN = /\b(?:outside|today|tonight|tomorrow|this week|weekend|right now|now|currently|out there)\b/;
const CONVERSION = /\b(?:fahrenheit|celsius|kelvin|convert)\b/;
const TRAILING_TIME =
  /\s+(?:today|tomorrow|tonight|this week(?:end)?|next week|(?:on|over|for) the weekend|the next few days|right now|now|currently|later|this (?:morning|afternoon|evening)|at the moment|outside|like|please)$/;
const NOT_A_PLACE = /^(?:here|my (?:area|city|town|location|place)|town|the city|this area|the area|the morning|the afternoon|the evening|general|the week|the weekend|a coat|a jacket)$/;
const LEAD_WORDS = /^(?:what|what's|whats|how|how's|is|will|the|today's|tomorrow's|current|local|weekly|weekend|for|in|at|on|of|to|like)$/;

export function readWeatherQuestion(query: string): WeatherQuestion | null {
  const text = query.replace(/[’]/g, "'").replace(/[?!.]+$/g, '').replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  const strong = STRONG.test(lower);
  if (!strong && CONVERSION.test(lower)) return null;
  const place = findPlace(text);
  if (!strong && !(WEAK.test(lower) && (place !== null || WHEN.test(lower)))) return null;

  const day: WeatherDay = /\btomorrow\b/.test(lower)
    ? 'tomorrow'
    : /\b(?:this week|next week|week|weekly|weekend|next few days|coming days)\b/.test(lower)
      ? 'week'
      : /\b(?:today|tonight)\b/.test(lower)
        ? 'today'
        : 'now';
  const asks = /\b(?:rain(?:s|ing|y)?|umbrella|wet|showers?)\b/.test(lower) ? 'rain' : /\bsnow(?:s|ing|y)?\b/.test(lower) ? 'snow' : 'general';
  return { place, day, asks };
}

function findPlace(text: string): string | null {
  let trimmed = text;
  for (let previous = ''; previous !== trimmed; ) {
    previous = trimmed;
    trimmed = trimmed.replace(new RegExp(TRAILING_TIME.source, 'i'), '').replace(/\s+(?:in|for|at|on|of|to|near|around)$/i, '');
  }
  const candidates: (string | undefined)[] = [
    // The greedy `.*` makes this the last "in X": "rain in the morning in Paris" -> "Paris".
    /^.*\b(?:in|for|at|near|around|to)\s+((?:the\s+)?[\p{L}][\p{L} .,'-]*)$/iu.exec(trimmed)?.[1],
    /^(?:(?:what|how)(?:'s| is) )?(?:the )?([\p{L}][\p{L} .'-]*?)\s+(?:weather|forecast)\b/iu.exec(trimmed)?.[1],
    /\b(?:weather|forecast)\s+([\p{L}][\p{L} .'-]*)$/iu.exec(trimmed)?.[1],
  ];
  for (const candidate of candidates) {
    const place = candidate ? cleanPlace(candidate) : null;
    if (place) return place;
  }
  return null;
}

function cleanPlace(raw: string): string | null {
  const place = raw
    .replace(/^the\s+/i, '')
    .replace(/[\s,]+$/, '')
    .trim();
  const lower = place.toLowerCase();
  if (place.length < 2 || place.length > 60 || NOT_A_PLACE.test(lower)) return null;
  if (lower.split(' ').every((word) => LEAD_WORDS.test(word))) return null;
  if (/\b(?:weather|forecast|rain|snow|it|be|going)\b/.test(lower)) return null;
  return place;
}
