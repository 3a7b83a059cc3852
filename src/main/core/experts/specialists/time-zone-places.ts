import { canonicalTimeZone } from './zoned-time.ts';

// Places people name when they ask for the time, mapped to IANA zones. Cities that are themselves
// zone names (Tokyo, Asia/Tokyo) come from Intl; this table adds other cities, countries, US zone
// names and abbreviations. A country spanning several zones maps to its most populous one and says so.

export interface Place {
  /** How the place is spoken back to the user. */
  name: string;
  timeZone: string;
  /** Said alongside the answer, e.g. that a country has several zones. */
  note?: string;
}

const several = (country: string, city: string) => `${country} spans several time zones; this is the time in ${city}`;

const PLACES: Record<string, Place> = {};

const ABBREVIATIONS = /^(?:la|utc|gmt|bst|est|edt|cst|cdt|mst|mdt|pst|pdt|akst|hst|cet|cest|ist|jst|aest|aedt|uk|us|usa|uae|nyc|dc)$/;

function add(zone: string, names: string[], note?: string): void {
  for (const name of names) {
    const display = name
      .split(' ')
      .map((word) => (ABBREVIATIONS.test(word) ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1)))
      .join(' ');
    PLACES[name] = note ? { name: display, timeZone: zone, note } : { name: display, timeZone: zone };
  }
}

add('America/New_York', ['new york city', 'nyc', 'boston', 'miami', 'atlanta', 'washington', 'washington dc', 'philadelphia', 'orlando', 'pittsburgh', 'charlotte', 'baltimore', 'eastern time', 'est', 'edt']);
add('America/Chicago', ['dallas', 'houston', 'austin', 'san antonio', 'minneapolis', 'st louis', 'new orleans', 'nashville', 'kansas city', 'central time', 'cst', 'cdt']);
add('America/Denver', ['salt lake city', 'albuquerque', 'boulder', 'mountain time', 'mst', 'mdt']);
add('America/Phoenix', ['phoenix', 'arizona', 'tucson']);
add('America/Los_Angeles', ['la', 'l a', 'san francisco', 'seattle', 'portland', 'san diego', 'las vegas', 'silicon valley', 'california', 'pacific time', 'pst', 'pdt']);
add('America/Anchorage', ['alaska', 'akst']);
add('Pacific/Honolulu', ['hawaii', 'hst']);
add('America/Toronto', ['ottawa', 'montreal', 'quebec']);
add('America/Edmonton', ['calgary', 'edmonton']);
add('America/Mexico_City', ['guadalajara']);
add('America/Bogota', ['colombia']);
add('America/Lima', ['peru']);
add('America/Santiago', ['chile']);
add('America/Caracas', ['venezuela']);
add('America/Argentina/Buenos_Aires', ['buenos aires', 'argentina']);
add('America/Sao_Paulo', ['rio de janeiro', 'rio', 'brasilia']);
add('Europe/London', ['manchester', 'edinburgh', 'glasgow', 'liverpool', 'birmingham', 'uk', 'united kingdom', 'england', 'britain', 'great britain', 'scotland', 'wales', 'gmt', 'bst']);
add('Europe/Dublin', ['ireland']);
add('Europe/Paris', ['france', 'lyon', 'marseille', 'cet', 'cest', 'central european time']);
add('Europe/Berlin', ['germany', 'munich', 'frankfurt', 'hamburg', 'cologne']);
add('Europe/Madrid', ['spain', 'barcelona', 'valencia', 'seville']);
add('Europe/Rome', ['italy', 'milan', 'naples', 'florence', 'venice']);
add('Europe/Amsterdam', ['netherlands', 'holland', 'rotterdam']);
add('Europe/Brussels', ['belgium']);
add('Europe/Zurich', ['switzerland', 'geneva', 'bern', 'basel']);
add('Europe/Vienna', ['austria']);
add('Europe/Stockholm', ['sweden']);
add('Europe/Oslo', ['norway']);
add('Europe/Copenhagen', ['denmark']);
add('Europe/Helsinki', ['finland']);
add('Europe/Warsaw', ['poland', 'krakow']);
add('Europe/Prague', ['czech republic', 'czechia']);
add('Europe/Budapest', ['hungary']);
add('Europe/Lisbon', ['portugal', 'porto']);
add('Europe/Athens', ['greece']);
add('Europe/Istanbul', ['turkey', 'ankara']);
add('Europe/Kyiv', ['kyiv', 'kiev', 'ukraine']);
add('Europe/Moscow', ['saint petersburg', 'st petersburg']);
add('Atlantic/Reykjavik', ['iceland']);
add('Africa/Cairo', ['egypt']);
add('Africa/Lagos', ['nigeria', 'abuja']);
add('Africa/Nairobi', ['kenya']);
add('Africa/Johannesburg', ['south africa', 'cape town', 'pretoria', 'durban']);
add('Africa/Casablanca', ['morocco', 'rabat']);
add('Asia/Jerusalem', ['israel', 'tel aviv']);
add('Asia/Riyadh', ['saudi arabia', 'jeddah', 'mecca']);
add('Asia/Dubai', ['uae', 'united arab emirates', 'abu dhabi']);
add('Asia/Qatar', ['qatar', 'doha']);
add('Asia/Tehran', ['iran']);
add('Asia/Karachi', ['pakistan', 'lahore', 'islamabad']);
add('Asia/Kolkata', ['india', 'kolkata', 'mumbai', 'delhi', 'new delhi', 'bangalore', 'bengaluru', 'chennai', 'hyderabad', 'pune', 'ist', 'india standard time']);
add('Asia/Kathmandu', ['kathmandu', 'nepal']);
add('Asia/Dhaka', ['bangladesh']);
add('Asia/Colombo', ['sri lanka']);
add('Asia/Bangkok', ['thailand']);
add('Asia/Ho_Chi_Minh', ['vietnam', 'ho chi minh city', 'saigon', 'hanoi']);
add('Asia/Singapore', ['singapore']);
add('Asia/Kuala_Lumpur', ['malaysia']);
add('Asia/Manila', ['philippines']);
add('Asia/Hong_Kong', ['hong kong']);
add('Asia/Shanghai', ['china', 'beijing', 'shenzhen', 'guangzhou']);
add('Asia/Taipei', ['taiwan']);
add('Asia/Seoul', ['south korea', 'korea', 'busan']);
add('Asia/Tokyo', ['japan', 'osaka', 'kyoto', 'jst']);
add('Australia/Sydney', ['canberra', 'aest', 'aedt']);
add('Australia/Perth', ['western australia']);
add('Pacific/Auckland', ['new zealand', 'wellington']);
add('UTC', ['utc', 'coordinated universal time', 'zulu time']);
add('America/New_York', ['usa', 'the us', 'united states', 'america'], several('The United States', 'New York (Eastern time)'));
add('America/Toronto', ['canada'], several('Canada', 'Toronto'));
add('Australia/Sydney', ['australia'], several('Australia', 'Sydney'));
add('Europe/Moscow', ['russia'], several('Russia', 'Moscow'));
add('America/Sao_Paulo', ['brazil'], several('Brazil', 'São Paulo'));
add('America/Mexico_City', ['mexico'], several('Mexico', 'Mexico City'));
add('Asia/Jakarta', ['indonesia'], several('Indonesia', 'Jakarta'));

// Zone-id cities that are also everyday words ("Christmas", "Easter", "Center"), or a better-known
// place elsewhere ("Jersey", "Cordoba"), would turn ordinary questions into time-zone look-ups.
const AMBIGUOUS_ZONE_CITIES = new Set([
  'center', 'christmas', 'cordoba', 'davis', 'casey', 'easter', 'jersey', 'knox', 'marengo', 'merida', 'midway',
  'oral', 'palmer', 'petersburg', 'regina', 'resolute', 'reunion', 'stanley', 'canary', 'chihuahua', 'wake',
  'cayenne', 'truk', 'yap', 'chuuk', 'ponape', 'johnston', 'troll', 'vostok', 'mawson', 'macquarie', 'beulah', 'vevay',
]);

// Zone ids Intl knows, by their city: "tokyo" -> Asia/Tokyo, "los angeles" -> America/Los_Angeles.
// Sub-regional ids (America/Indiana/Knox) and the poles are left out.
for (const zone of Intl.supportedValuesOf('timeZone')) {
  const segments = zone.split('/');
  if (segments.length !== 2 || /^(Etc|Antarctica|Arctic)$/.test(segments[0]!)) continue;
  const city = segments[1]!.replace(/_/g, ' ');
  const key = city.toLowerCase();
  if (PLACES[key] || AMBIGUOUS_ZONE_CITIES.has(key)) continue;
  PLACES[key] = { name: city, timeZone: zone };
}

const MAX_WORDS = Math.max(...Object.keys(PLACES).map((key) => key.split(' ').length));
const ZONE_ID = /\b[a-z]+(?:\/[a-z_-]+){1,2}\b/gi;

export interface PlaceMention {
  place: Place;
  /** Word offsets of the mention in the normalised text, for telling places apart by position. */
  start: number;
  end: number;
}

/** Lower-case words; punctuation dropped except inside zone ids (Europe/Paris, Port-au-Prince). */
export function normaliseForPlaces(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\bu\.s\.(a\.)?/g, ' usa ')
    .replace(/[’']s\b/g, '')
    .replace(/[^a-z0-9/_\s-]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Every place named in the text, longest match first at each position, in order of appearance. */
export function findPlaces(text: string): PlaceMention[] {
  const words = normaliseForPlaces(text);
  const found: PlaceMention[] = [];
  let index = 0;
  while (index < words.length) {
    const match = matchAt(words, index);
    if (match) {
      found.push(match);
      index = match.end;
    } else {
      index++;
    }
  }
  return found;
}

function matchAt(words: string[], index: number): PlaceMention | null {
  const word = words[index]!;
  if (word.includes('/') && ZONE_ID.test(word)) {
    ZONE_ID.lastIndex = 0;
    const zone = canonicalTimeZone(word);
    if (zone) return { place: { name: zone, timeZone: zone }, start: index, end: index + 1 };
  }
  ZONE_ID.lastIndex = 0;
  for (let length = Math.min(MAX_WORDS, words.length - index); length >= 1; length--) {
    const key = words.slice(index, index + length).join(' ');
    const place = PLACES[key];
    if (place) return { place, start: index, end: index + length };
  }
  return null;
}
