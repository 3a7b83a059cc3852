// WMO weather interpretation codes (table 4677) as Open-Meteo reports them in `weather_code`.

const DESCRIPTIONS: Record<number, string> = {
  0: 'clear sky',
  1: 'mainly clear',
  2: 'partly cloudy',
  3: 'overcast',
  45: 'fog',
  48: 'freezing fog',
  51: 'light drizzle',
  53: 'drizzle',
  55: 'heavy drizzle',
  56: 'light freezing drizzle',
  57: 'heavy freezing drizzle',
  61: 'light rain',
  63: 'rain',
  65: 'heavy rain',
  66: 'light freezing rain',
  67: 'heavy freezing rain',
  71: 'light snow',
  73: 'snow',
  75: 'heavy snow',
  77: 'snow grains',
  80: 'light rain showers',
  81: 'rain showers',
  82: 'violent rain showers',
  85: 'light snow showers',
  86: 'heavy snow showers',
  95: 'a thunderstorm',
  96: 'a thunderstorm with light hail',
  99: 'a thunderstorm with heavy hail',
};

export type Precipitation = 'rain' | 'snow' | null;

/** Words for a WMO code, e.g. 63 -> "rain"; unknown codes are named as such rather than guessed. */
export const describeWeatherCode = (code: number): string => DESCRIPTIONS[code] ?? `weather code ${code}`;

/** What falls from the sky under that code, if anything. */
export function precipitationOf(code: number): Precipitation {
  if ((code >= 71 && code <= 77) || code === 85 || code === 86) return 'snow';
  if ((code >= 51 && code <= 67) || (code >= 80 && code <= 82) || code >= 95) return 'rain';
  return null;
}
