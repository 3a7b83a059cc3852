import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { Forecast, GeocodedPlace, UnitSystem, WeatherSource } from '../../ports/weather.ts';

export type { Forecast, GeocodedPlace, UnitSystem } from '../../ports/weather.ts';

// Open-Meteo's geocoding and forecast APIs (free, no key), as the weather expert's WeatherSource. Every response is validated, so a changed
// or broken reply becomes an AppError that says what was wrong instead of a TypeError later.

export const OPEN_METEO_GEOCODING_URL = 'https://geocoding-api.open-meteo.com';
export const OPEN_METEO_FORECAST_URL = 'https://api.open-meteo.com';

const GeocodingResultSchema = z.object({
  name: z.string(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  country: z.string().optional(),
  admin1: z.string().optional(),
  timezone: z.string().optional(),
});

/** No match is a body without `results`. */
const GeocodingResponseSchema = z.object({ results: z.array(GeocodingResultSchema).optional() });

const nullableNumbers = z.array(z.number().nullable());
const ForecastResponseSchema = z.object({
  timezone: z.string().optional(),
  current: z.object({
    time: z.string(),
    temperature_2m: z.number(),
    weather_code: z.number().int(),
    wind_speed_10m: z.number(),
  }),
  current_units: z.object({ temperature_2m: z.string(), wind_speed_10m: z.string() }),
  daily: z.object({
    time: z.array(z.string()),
    temperature_2m_max: nullableNumbers,
    temperature_2m_min: nullableNumbers,
    weather_code: nullableNumbers,
  }),
  daily_units: z.object({ temperature_2m_max: z.string() }).optional(),
});

const ErrorBodySchema = z.object({ error: z.literal(true), reason: z.string() });


export interface OpenMeteoClientOptions {
  geocodingBaseUrl?: string;
  forecastBaseUrl?: string;
  /** Per request; the caller's signal can end it sooner. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type OpenMeteoClient = WeatherSource;

export function createOpenMeteoClient(options: OpenMeteoClientOptions = {}): OpenMeteoClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  const geocodingBase = options.geocodingBaseUrl ?? OPEN_METEO_GEOCODING_URL;
  const forecastBase = options.forecastBaseUrl ?? OPEN_METEO_FORECAST_URL;

  async function getJson<T>(url: URL, what: string, schema: z.ZodType<T>, signal: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    let status: number;
    let body: string;
    try {
      const response = await fetchImpl(url, { signal: combined, headers: { accept: 'application/json' } });
      status = response.status;
      body = await response.text();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (timeout.aborted) {
        throw new AppError('unavailable', `${what} did not answer within ${timeoutMs} ms`, { retryable: true, cause: error });
      }
      throw new AppError('unavailable', `${what} could not be reached: ${(error as Error).message}`, { retryable: true, cause: error });
    }

    const json = parseJson(body);
    if (status < 200 || status > 299) {
      const reason = ErrorBodySchema.safeParse(json).data?.reason;
      const detail = reason ? `: ${reason}` : '';
      if (status === 429 || status >= 500) {
        throw new AppError('unavailable', `${what} failed with HTTP ${status}${detail}`, { retryable: true });
      }
      throw new AppError('bad_request', `${what} refused the request with HTTP ${status}${detail}`);
    }
    if (json === undefined) throw new AppError('unavailable', `${what} returned a body that is not JSON`);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'body';
      throw new AppError('unavailable', `${what} returned an unexpected response (${field}: ${issue.message})`);
    }
    return parsed.data;
  }

  return {
    async geocode(name, signal) {
      const url = endpoint(geocodingBase, '/v1/search');
      url.search = new URLSearchParams({ name, count: '1', language: 'en', format: 'json' }).toString();
      const response = await getJson(url, 'Open-Meteo geocoding', GeocodingResponseSchema, signal);
      return response.results?.[0] ?? null;
    },
    async forecast(place, units, signal) {
      const url = endpoint(forecastBase, '/v1/forecast');
      const params = new URLSearchParams({
        latitude: String(place.latitude),
        longitude: String(place.longitude),
        current: 'temperature_2m,weather_code,wind_speed_10m',
        daily: 'temperature_2m_max,temperature_2m_min,weather_code',
        timezone: 'auto',
      });
      if (units === 'imperial') {
        params.set('temperature_unit', 'fahrenheit');
        params.set('wind_speed_unit', 'mph');
      }
      url.search = params.toString();
      return getJson(url, 'Open-Meteo forecast', ForecastResponseSchema, signal);
    },
  };
}

/** Base URLs may carry a path prefix (a proxy); the API path is appended to it. */
const endpoint = (base: string, path: string) => new URL(`${base.replace(/\/+$/, '')}${path}`);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
