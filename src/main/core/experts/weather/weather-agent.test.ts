import { describe, expect, it } from 'vitest';
import type { Forecast, WeatherSource } from '../../../ports/weather.ts';
import { contextForTests, resultOf } from '../testing/context-for-tests.ts';
import { createWeatherAgent } from './weather-agent.ts';

// The weather expert on its own, over a WeatherSource in memory (adapters/open-meteo has the
// test against the fake Open-Meteo server).

const forecast: Forecast = {
  current: { time: '2026-12-02T10:00', temperature_2m: 3.6, weather_code: 71, wind_speed_10m: 20.2 },
  current_units: { temperature_2m: '°C', wind_speed_10m: 'km/h' },
  daily: { time: ['2026-12-02', '2026-12-03'], temperature_2m_max: [4, 6], temperature_2m_min: [-1, 1], weather_code: [71, 3] },
};

function source(): WeatherSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    geocode: async (name) => (asked.push(name), name === 'Nowhere' ? null : { name, latitude: 59.9, longitude: 10.7, country: 'Norway' }),
    forecast: async () => forecast,
  };
}

const ask = (query: string, weather = source()) => resultOf(createWeatherAgent({ source: weather }).execute(query, contextForTests({ locale: 'en-GB' }), new AbortController().signal));

describe('weather expert', () => {
  it('answers from the source for the place named', async () => {
    const weather = source();
    const output = await ask('will it snow in Oslo today?', weather);
    expect(weather.asked).toEqual(['Oslo']);
    expect(output.text).toBe('Yes, snow is expected today. Right now in Oslo, Norway: 4°C, light snow, wind 20 km/h. Today: light snow, high 4°C and low -1°C.');
  });

  it('says so when the place is unknown, and leaves other questions alone', async () => {
    expect((await ask('weather in Nowhere')).text).toMatch(/couldn't find a place called "Nowhere"/);
    expect(await ask('what is 2 plus 2')).toEqual({ abstained: true, reason: 'not a weather question' });
  });
});
