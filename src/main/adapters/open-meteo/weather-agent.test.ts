import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contextForTests, resultOf } from '../../core/experts/testing/context-for-tests.ts';
import { AppError } from '../../core/errors.ts';
import { startFakeOpenMeteoServer, type FakeOpenMeteoServer } from '../testing/fake-open-meteo-server.ts';
import { createWeatherAgent, unitsForLocale } from '../../core/experts/weather/weather-agent.ts';
import { createOpenMeteoClient } from './open-meteo-client.ts';
import { readWeatherQuestion } from '../../core/experts/weather/weather-question.ts';

let server: FakeOpenMeteoServer;
beforeAll(async () => {
  server = await startFakeOpenMeteoServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.setFault('geocoding', null);
  server.setFault('forecast', null);
  server.requests.length = 0;
});

const agent = (timeoutMs = 2000) => createWeatherAgent({ source: createOpenMeteoClient({ geocodingBaseUrl: server.url, forecastBaseUrl: server.url, timeoutMs }) });
const ask = (query: string, overrides = {}) => resultOf(agent().execute(query, contextForTests({ locale: 'en-GB', ...overrides }), new AbortController().signal));

describe('weather agent against the fake Open-Meteo server', () => {
  it('answers current weather for a named city and sends the real query parameters', async () => {
    const output = await ask("What's the weather in Paris?");
    expect(output.text).toBe('Right now in Paris, France: 12°C, partly cloudy, wind 15 km/h. Today: overcast, high 14°C and low 7°C.');
    expect(output.confidence).toBe(0.9);
    expect(server.requests.map((request) => request.params)).toEqual([
      { name: 'Paris', count: '1', language: 'en', format: 'json' },
      {
        latitude: '48.85341',
        longitude: '2.3488',
        current: 'temperature_2m,weather_code,wind_speed_10m',
        daily: 'temperature_2m_max,temperature_2m_min,weather_code',
        timezone: 'auto',
      },
    ]);
    expect(output.data).toMatchObject({ place: { name: 'Paris', country: 'France' }, units: 'metric', current: { temperature: 12.4, code: 2 } });
  });

  it.each([
    ['will it rain tomorrow in Paris', 'Yes, rain is expected tomorrow. Tomorrow in Paris, France: rain, high 15°C and low 8°C.'],
    ['do I need an umbrella in Paris today', 'No rain is expected today. Right now in Paris, France: 12°C, partly cloudy, wind 15 km/h. Today: overcast, high 14°C and low 7°C.'],
    [
      'weekly forecast for Paris',
      'The next 7 days in Paris, France: highs from 14°C to 20°C, lows from 7°C to 13°C. Rain or snow is expected on Saturday and Sunday.',
    ],
  ])('%s', async (query, expected) => {
    expect((await ask(query)).text).toBe(expected);
  });

  it('uses the city of the user time zone when no place is named, and says so', async () => {
    const output = await ask('is it going to snow today?');
    expect(output.text).toBe(
      'Yes, snow is expected today. Right now in Berlin, Germany: 4°C, light snow, wind 20 km/h. Today: light snow, high 5°C and low -1°C. ' +
        '(I used Berlin from your time zone; name a city for somewhere else.)',
    );
    expect(output.confidence).toBeLessThan(0.9);
  });

  it('asks Open-Meteo for Fahrenheit and mph in the US', async () => {
    const output = await ask('how cold is it in Paris right now', { locale: 'en-US' });
    expect(output.text).toBe('Right now in Paris, France: 54°F, partly cloudy, wind 9 mph. Today: overcast, high 57°F and low 45°F.');
    expect(server.requests[1]!.params).toMatchObject({ temperature_unit: 'fahrenheit', wind_speed_unit: 'mph' });
    expect(unitsForLocale('en')).toBe('imperial');
    expect(unitsForLocale('fr-FR')).toBe('metric');
  });

  it('says plainly when the place is unknown, without asking for a forecast', async () => {
    const output = await ask('weather in Atlantis');
    expect(output).toMatchObject({ text: 'I couldn\'t find a place called "Atlantis" to get the weather for.', confidence: 0.2 });
    expect(server.requests.map((request) => request.endpoint)).toEqual(['geocoding']);
  });

  it.each(['what time is it in Tokyo', 'convert 72 degrees fahrenheit to celsius', 'what is the capital of France', 'how many days until Christmas'])(
    'abstains with no request out of its domain: %s',
    async (query) => {
      const output = await ask(query);
      expect(output).toEqual({ abstained: true, reason: expect.stringMatching(/^not /) });
      expect(server.requests).toEqual([]);
    },
  );

  it('reports a server error as retryable', async () => {
    server.setFault('forecast', { kind: 'status', status: 500 });
    const error = await ask('weather in Paris').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', retryable: true, message: 'Open-Meteo forecast failed with HTTP 500: Internal Server Error' });
  });

  it('reports a refused request with the reason Open-Meteo gives', async () => {
    server.setFault('geocoding', { kind: 'status', status: 400, body: JSON.stringify({ error: true, reason: 'Parameter count must be between 1 and 100.' }) });
    await expect(ask('weather in Paris')).rejects.toMatchObject({
      code: 'bad_request',
      retryable: false,
      message: 'Open-Meteo geocoding refused the request with HTTP 400: Parameter count must be between 1 and 100.',
    });
  });

  it('reports a body that is not JSON', async () => {
    server.setFault('geocoding', { kind: 'malformed' });
    await expect(ask('weather in Paris')).rejects.toMatchObject({ code: 'unavailable', message: 'Open-Meteo geocoding returned a body that is not JSON' });
  });

  it('reports JSON of the wrong shape, naming the field', async () => {
    server.setFault('forecast', { kind: 'json', body: { current: { temperature_2m: 'warm' } } });
    const error = (await ask('weather in Paris').catch((caught: unknown) => caught)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/^Open-Meteo forecast returned an unexpected response \(current\.time: /);
  });

  it('stops waiting when the caller aborts a hanging request', async () => {
    server.setFault('forecast', { kind: 'hang' });
    const controller = new AbortController();
    const pending = agent(60_000).execute('weather in Paris', contextForTests(), controller.signal);
    await waitFor(() => server.requests.some((request) => request.endpoint === 'forecast'));
    controller.abort(new Error('turn cancelled'));
    await expect(pending).rejects.toThrow('turn cancelled');
  });

  it('gives up on a hanging server after its own timeout', async () => {
    server.setFault('geocoding', { kind: 'hang' });
    await expect(agent(150).execute('weather in Paris', contextForTests(), new AbortController().signal)).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
      message: 'Open-Meteo geocoding did not answer within 150 ms',
    });
  });

  it('reports an unreachable server', async () => {
    const weather = createWeatherAgent({ source: createOpenMeteoClient({ geocodingBaseUrl: 'http://127.0.0.1:9', forecastBaseUrl: 'http://127.0.0.1:9' }) });
    await expect(weather.execute('weather in Paris', contextForTests(), new AbortController().signal)).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
  });

  it('is never cached and has examples for the router', () => {
    const weather = agent();
    expect(weather.cache.cacheable).toBe(false);
    expect(weather.provider).toBe('open-meteo');
    expect(weather.examples.length).toBeGreaterThanOrEqual(15);
  });
});

describe('reading weather questions', () => {
  it.each([
    ["what's the weather like in New York City", { place: 'New York City', day: 'now', asks: 'general' }],
    ['will it rain in the morning in Lisbon tomorrow', { place: 'Lisbon', day: 'tomorrow', asks: 'rain' }],
    ['Seattle weather this week', { place: 'Seattle', day: 'week', asks: 'general' }],
    ['forecast for São Paulo', { place: 'São Paulo', day: 'now', asks: 'general' }],
    ['should I wear a jacket today', { place: null, day: 'today', asks: 'general' }],
    ['is it snowing here', { place: null, day: 'now', asks: 'snow' }],
    ['what is the forecast for tomorrow', { place: null, day: 'tomorrow', asks: 'general' }],
    ['is there a storm coming to Miami', { place: 'Miami', day: 'now', asks: 'general' }],
    ["what's the weather going to be like tomorrow", { place: null, day: 'tomorrow', asks: 'general' }],
  ])('%s', (query, expected) => {
    expect(readWeatherQuestion(query)).toEqual(expected);
  });

  it.each(['what temperature does water boil at', 'what is 72 degrees fahrenheit in celsius', 'who sang purple haze'])('not weather: %s', (query) => {
    expect(readWeatherQuestion(query)).toBeNull();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 5));
}
