import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local server that speaks Open-Meteo's wire format for the two endpoints the weather agent uses:
// geocoding (`GET /v1/search`) and forecast (`GET /v1/forecast`), both on one port. Like the real
// API it returns only the variables asked for, answers an unknown place with no `results` field,
// honours temperature_unit / wind_speed_unit, and refuses bad parameters with HTTP 400
// `{ "error": true, "reason": ... }`. Faults are scripted per endpoint; every request is recorded.

export interface FakeDay {
  /** YYYY-MM-DD */
  date: string;
  maxC: number;
  minC: number;
  code: number;
}

export interface FakeWeather {
  temperatureC: number;
  windKmh: number;
  code: number;
  /** Local time of the current reading, YYYY-MM-DDTHH:MM. */
  time: string;
  days: FakeDay[];
}

export interface FakePlace {
  id: number;
  name: string;
  latitude: number;
  longitude: number;
  country: string;
  country_code: string;
  admin1?: string;
  timezone: string;
  weather: FakeWeather;
}

export type FakeOpenMeteoFault =
  | { kind: 'status'; status: number; body?: string }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 with JSON that is not what the API returns. */
  | { kind: 'json'; body: unknown }
  | { kind: 'hang' }
  | { kind: 'delay'; delayMs: number };

export type Endpoint = 'geocoding' | 'forecast';

export interface RecordedOpenMeteoRequest {
  endpoint: Endpoint | 'unknown';
  path: string;
  params: Record<string, string>;
}

export interface FakeOpenMeteoServer {
  /** Base URL for both the geocoding and the forecast API. */
  url: string;
  requests: RecordedOpenMeteoRequest[];
  /** Scripts a fault for every later request to the endpoint; null restores normal answers. */
  setFault(endpoint: Endpoint, fault: FakeOpenMeteoFault | null): void;
  addPlace(place: FakePlace): void;
  close(): Promise<void>;
}

const CURRENT_VARIABLES = new Set(['temperature_2m', 'weather_code', 'wind_speed_10m', 'relative_humidity_2m', 'apparent_temperature']);
const DAILY_VARIABLES = new Set(['temperature_2m_max', 'temperature_2m_min', 'weather_code']);

/** Seven days of weather from the given date, each a degree warmer; handy defaults for tests. */
export function fakeWeek(startDate: string, first: Omit<FakeDay, 'date'>, codes: number[] = []): FakeDay[] {
  const start = Date.parse(`${startDate}T00:00:00Z`);
  return Array.from({ length: 7 }, (_, index) => ({
    date: new Date(start + index * 86_400_000).toISOString().slice(0, 10),
    maxC: first.maxC + index,
    minC: first.minC + index,
    code: codes[index] ?? first.code,
  }));
}

export const FAKE_PARIS: FakePlace = {
  id: 2988507,
  name: 'Paris',
  latitude: 48.85341,
  longitude: 2.3488,
  country: 'France',
  country_code: 'FR',
  admin1: 'Île-de-France',
  timezone: 'Europe/Paris',
  weather: {
    temperatureC: 12.4,
    windKmh: 14.8,
    code: 2,
    time: '2026-11-20T15:00',
    days: fakeWeek('2026-11-20', { maxC: 14, minC: 7, code: 3 }, [3, 63, 61, 1, 0, 2, 3]),
  },
};

export const FAKE_BERLIN: FakePlace = {
  id: 2950159,
  name: 'Berlin',
  latitude: 52.52437,
  longitude: 13.41053,
  country: 'Germany',
  country_code: 'DE',
  admin1: 'Land Berlin',
  timezone: 'Europe/Berlin',
  weather: {
    temperatureC: 4.2,
    windKmh: 20.1,
    code: 71,
    time: '2026-11-20T15:00',
    days: fakeWeek('2026-11-20', { maxC: 5, minC: -1, code: 71 }, [71, 3, 3, 0, 0, 1, 2]),
  },
};

export async function startFakeOpenMeteoServer(places: FakePlace[] = [FAKE_PARIS, FAKE_BERLIN]): Promise<FakeOpenMeteoServer> {
  const known = [...places];
  const faults = new Map<Endpoint, FakeOpenMeteoFault>();
  const requests: RecordedOpenMeteoRequest[] = [];

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: true, reason: `fake server fault: ${(error as Error).message}` });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const endpoint: Endpoint | 'unknown' =
      url.pathname === '/v1/search' ? 'geocoding' : url.pathname === '/v1/forecast' ? 'forecast' : 'unknown';
    requests.push({ endpoint, path: url.pathname, params: Object.fromEntries(url.searchParams) });
    if (endpoint === 'unknown' || request.method !== 'GET') return sendJson(response, 404, { error: true, reason: 'Not Found' });

    const fault = faults.get(endpoint);
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.kind === 'status') return sendText(response, fault.status, fault.body ?? JSON.stringify({ error: true, reason: 'Internal Server Error' }));
    if (fault?.kind === 'malformed') return sendText(response, 200, '{"results": [{"name": "Par');
    if (fault?.kind === 'json') return sendJson(response, 200, fault.body);

    if (endpoint === 'geocoding') return geocode(url.searchParams, response);
    return forecast(url.searchParams, response);
  }

  function geocode(params: URLSearchParams, response: ServerResponse): void {
    const name = params.get('name');
    if (name === null) return sendJson(response, 400, { error: true, reason: "Parameter 'name' is missing" });
    const count = Number(params.get('count') ?? 10);
    const wanted = name.trim().toLowerCase();
    const matches = wanted.length < 2 ? [] : known.filter((place) => place.name.toLowerCase().startsWith(wanted)).slice(0, count);
    const body: Record<string, unknown> = { generationtime_ms: 0.42 };
    if (matches.length > 0) {
      body.results = matches.map(({ weather: _weather, ...place }) => ({ ...place, elevation: 42, feature_code: 'PPLC', population: 1_000_000 }));
    }
    sendJson(response, 200, body);
  }

  function forecast(params: URLSearchParams, response: ServerResponse): void {
    const latitude = Number(params.get('latitude'));
    const longitude = Number(params.get('longitude'));
    if (!params.has('latitude') || !params.has('longitude') || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      return sendJson(response, 400, { error: true, reason: 'Parameter latitude and longitude must be set' });
    }
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      return sendJson(response, 400, { error: true, reason: `Latitude must be in range of -90 to 90°. Given: ${latitude}.` });
    }
    const current = list(params.get('current'));
    const daily = list(params.get('daily'));
    const unknown = [...current.filter((name) => !CURRENT_VARIABLES.has(name)), ...daily.filter((name) => !DAILY_VARIABLES.has(name))];
    if (unknown.length > 0) {
      return sendJson(response, 400, { error: true, reason: `Cannot initialize WeatherVariable from invalid String value ${unknown[0]}` });
    }
    const fahrenheit = params.get('temperature_unit') === 'fahrenheit';
    const mph = params.get('wind_speed_unit') === 'mph';
    const temperature = (celsius: number) => round1(fahrenheit ? celsius * 1.8 + 32 : celsius);
    const temperatureUnit = fahrenheit ? '°F' : '°C';
    const windUnit = mph ? 'mp/h' : 'km/h';

    const place = known.find((p) => Math.abs(p.latitude - latitude) < 1e-3 && Math.abs(p.longitude - longitude) < 1e-3);
    const weather = place?.weather ?? FAKE_PARIS.weather;
    const timezone = params.get('timezone') === 'auto' ? (place?.timezone ?? 'GMT') : (params.get('timezone') ?? 'GMT');
    const body: Record<string, unknown> = {
      latitude: round1(latitude),
      longitude: round1(longitude),
      generationtime_ms: 0.05,
      utc_offset_seconds: 3600,
      timezone,
      timezone_abbreviation: 'GMT+1',
      elevation: 42,
    };
    if (current.length > 0) {
      const units: Record<string, string> = { time: 'iso8601', interval: 'seconds' };
      const values: Record<string, unknown> = { time: weather.time, interval: 900 };
      for (const name of current) {
        if (name === 'temperature_2m' || name === 'apparent_temperature') [units[name], values[name]] = [temperatureUnit, temperature(weather.temperatureC)];
        if (name === 'weather_code') [units[name], values[name]] = ['wmo code', weather.code];
        if (name === 'wind_speed_10m') [units[name], values[name]] = [windUnit, round1(mph ? weather.windKmh / 1.609344 : weather.windKmh)];
        if (name === 'relative_humidity_2m') [units[name], values[name]] = ['%', 70];
      }
      body.current_units = units;
      body.current = values;
    }
    if (daily.length > 0) {
      const units: Record<string, string> = { time: 'iso8601' };
      const values: Record<string, unknown[]> = { time: weather.days.map((day) => day.date) };
      for (const name of daily) {
        if (name === 'temperature_2m_max') [units[name], values[name]] = [temperatureUnit, weather.days.map((day) => temperature(day.maxC))];
        if (name === 'temperature_2m_min') [units[name], values[name]] = [temperatureUnit, weather.days.map((day) => temperature(day.minC))];
        if (name === 'weather_code') [units[name], values[name]] = ['wmo code', weather.days.map((day) => day.code)];
      }
      body.daily_units = units;
      body.daily = values;
    }
    sendJson(response, 200, body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFault(endpoint, fault) {
      if (fault) faults.set(endpoint, fault);
      else faults.delete(endpoint);
    },
    addPlace(place) {
      known.push(place);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

const list = (value: string | null) => (value ? value.split(',').map((item) => item.trim()).filter(Boolean) : []);
const round1 = (value: number) => Math.round(value * 10) / 10;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  sendText(response, status, JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
