import { abstain, type Agent, type AgentAbstention, type AgentContext, type AgentOutput } from '../../moe/agent.ts';
import type { Forecast, GeocodedPlace, UnitSystem, WeatherSource } from '../../../ports/weather.ts';
import { readWeatherQuestion, type WeatherQuestion } from './weather-question.ts';
import { describeWeatherCode, precipitationOf } from './wmo-weather-codes.ts';

// Current weather and the coming days from a WeatherSource (Open-Meteo in the app): the place
// named in the question (or the city of the user's time zone), geocoded, then its forecast. Live
// data, so never cached.

export interface WeatherAgentOptions {
  source: WeatherSource;
  name?: string;
  description?: string;
  /** Extra utterances appended to the built-in examples. */
  examples?: string[];
  /** 'auto' picks Fahrenheit and mph for the US, Liberia and Myanmar, metric elsewhere. */
  units?: UnitSystem | 'auto';
}

const NOT_MINE = 'not a weather question';
const IMPERIAL_REGIONS = new Set(['US', 'LR', 'MM']);

export function createWeatherAgent(options: WeatherAgentOptions): Agent {
  const client = options.source;
  return {
    name: options.name ?? 'weather',
    description:
      options.description ??
      'Live weather from Open-Meteo: current conditions, temperature and wind, and the forecast for today, tomorrow and the coming week for any city.',
    capabilities: ['current weather', 'weather forecast', 'temperature outside', 'rain and snow forecast', 'wind'],
    examples: [...WEATHER_EXAMPLES, ...(options.examples ?? [])],
    provider: 'open-meteo',
    cache: { cacheable: false, reason: 'weather is live data that changes through the day' },
    dependsOn: [],
    async execute(query: string, context: AgentContext, signal: AbortSignal): Promise<AgentOutput | AgentAbstention> {
      signal.throwIfAborted();
      const question = readWeatherQuestion(query);
      if (!question) return abstain(NOT_MINE);

      const fromTimeZone = question.place === null;
      const placeName = question.place ?? cityOfTimeZone(context.timeZone);
      if (!placeName) {
        return { text: 'Which city should I get the weather for? Name a place, like "weather in Lisbon".', confidence: 0.3 };
      }
      const place = await client.geocode(placeName, signal);
      if (!place) {
        return {
          text: `I couldn't find a place called "${placeName}" to get the weather for.`,
          confidence: 0.2,
          data: { unknownPlace: placeName },
        };
      }
      const units = options.units && options.units !== 'auto' ? options.units : unitsForLocale(context.locale);
      const forecast = await client.forecast(place, units, signal);
      const text = describe(question, place, forecast);
      const assumed = fromTimeZone ? ` (I used ${place.name} from your time zone; name a city for somewhere else.)` : '';
      return {
        text: `${text}${assumed}`,
        confidence: fromTimeZone ? 0.75 : 0.9,
        data: summary(place, forecast, units),
      };
    },
  };
}

function describe(question: WeatherQuestion, place: GeocodedPlace, forecast: Forecast): string {
  const where = place.country ? `${place.name}, ${place.country}` : place.name;
  const temperatureUnit = forecast.current_units.temperature_2m;
  const windUnit = forecast.current_units.wind_speed_10m.replace('mp/h', 'mph');
  const degrees = (value: number | null | undefined) => (value === null || value === undefined ? 'unknown' : `${Math.round(value)}${temperatureUnit}`);
  const day = (index: number) => ({
    code: forecast.daily.weather_code[index] ?? null,
    max: forecast.daily.temperature_2m_max[index],
    min: forecast.daily.temperature_2m_min[index],
    date: forecast.daily.time[index],
  });
  const dayText = (index: number) => {
    const { code, max, min } = day(index);
    return `${code === null ? 'no outlook' : describeWeatherCode(code)}, high ${degrees(max)} and low ${degrees(min)}`;
  };

  let answer: string;
  let codes: (number | null)[];
  if (question.day === 'tomorrow') {
    answer = forecast.daily.time.length > 1 ? `Tomorrow in ${where}: ${dayText(1)}.` : `Open-Meteo has no forecast for tomorrow in ${where}.`;
    codes = [day(1).code];
  } else if (question.day === 'week') {
    const indices = forecast.daily.time.map((_, index) => index);
    const highs = forecast.daily.temperature_2m_max.filter((value): value is number => value !== null);
    const lows = forecast.daily.temperature_2m_min.filter((value): value is number => value !== null);
    const wet = indices.filter((index) => precipitationOf(day(index).code ?? 0) !== null).map((index) => weekday(day(index).date));
    answer =
      `The next ${indices.length} days in ${where}: highs from ${degrees(Math.min(...highs))} to ${degrees(Math.max(...highs))}, ` +
      `lows from ${degrees(Math.min(...lows))} to ${degrees(Math.max(...lows))}. ` +
      (wet.length > 0 ? `Rain or snow is expected on ${joinWords(wet)}.` : 'It should stay dry.');
    codes = indices.map((index) => day(index).code);
  } else {
    const { current } = forecast;
    answer =
      `Right now in ${where}: ${degrees(current.temperature_2m)}, ${describeWeatherCode(current.weather_code)}, ` +
      `wind ${Math.round(current.wind_speed_10m)} ${windUnit}. Today: ${dayText(0)}.`;
    codes = [current.weather_code, day(0).code];
  }

  if (question.asks === 'general') return answer;
  const falling = codes.some((code) => code !== null && precipitationOf(code) === question.asks);
  const when = question.day === 'tomorrow' ? 'tomorrow' : question.day === 'week' ? 'this week' : 'today';
  return `${falling ? `Yes, ${question.asks} is expected ${when}.` : `No ${question.asks} is expected ${when}.`} ${answer}`;
}

function summary(place: GeocodedPlace, forecast: Forecast, units: UnitSystem) {
  return {
    place: { name: place.name, country: place.country ?? null, latitude: place.latitude, longitude: place.longitude },
    units,
    current: {
      time: forecast.current.time,
      temperature: forecast.current.temperature_2m,
      windSpeed: forecast.current.wind_speed_10m,
      code: forecast.current.weather_code,
      description: describeWeatherCode(forecast.current.weather_code),
    },
    days: forecast.daily.time.map((date, index) => ({
      date,
      max: forecast.daily.temperature_2m_max[index] ?? null,
      min: forecast.daily.temperature_2m_min[index] ?? null,
      code: forecast.daily.weather_code[index] ?? null,
    })),
  };
}

/** "Europe/Berlin" -> "Berlin"; null for UTC and other zones that name no city. */
export function cityOfTimeZone(timeZone: string): string | null {
  const [region, city] = timeZone.split('/');
  if (!city || region === 'Etc') return null;
  return timeZone.split('/').at(-1)!.replace(/_/g, ' ');
}

export function unitsForLocale(locale: string): UnitSystem {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region && IMPERIAL_REGIONS.has(region) ? 'imperial' : 'metric';
  } catch {
    return 'metric';
  }
}

const weekday = (date: string | undefined) =>
  date ? new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }).format(Date.parse(`${date}T00:00:00Z`)) : 'an unknown day';

const joinWords = (words: string[]) => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

const WEATHER_EXAMPLES = [
  "what's the weather like",
  "what's the weather in Paris",
  'weather in New York today',
  'what is the forecast for tomorrow',
  'will it rain tomorrow in London',
  'do I need an umbrella today',
  'is it going to snow in Denver this week',
  'how cold is it in Oslo right now',
  'how hot is it in Phoenix',
  "what's the temperature outside",
  'what is the temperature in Tokyo',
  'weekly forecast for Berlin',
  'will it be sunny this weekend in Barcelona',
  'is it windy in Chicago',
  'Seattle weather',
  'forecast for Sydney',
  'should I wear a jacket today',
  'is there a storm coming to Miami',
  "what's the weather going to be like tomorrow",
  'how warm will it be in Rome tomorrow',
  'is it raining in Amsterdam',
  'what will the weather be this week',
  'current conditions in Toronto',
  'will there be thunderstorms in Houston today',
];
