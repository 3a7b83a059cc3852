/** A place a name was matched to. */
export interface GeocodedPlace {
  name: string;
  latitude: number;
  longitude: number;
  country?: string;
  admin1?: string;
  timezone?: string;
}

export type UnitSystem = 'metric' | 'imperial';

/** Current conditions and the coming days, in the units asked for (WMO weather codes). */
export interface Forecast {
  timezone?: string;
  current: { time: string; temperature_2m: number; weather_code: number; wind_speed_10m: number };
  current_units: { temperature_2m: string; wind_speed_10m: string };
  daily: {
    time: string[];
    temperature_2m_max: (number | null)[];
    temperature_2m_min: (number | null)[];
    weather_code: (number | null)[];
  };
  daily_units?: { temperature_2m_max: string };
}

/**
 * Live weather (Open-Meteo's shape; adapters/open-meteo is the real one). Failures reject with
 * AppError: `unavailable` + retryable for timeouts and 5xx.
 */
export interface WeatherSource {
  /** The best match for a place name, or null when no such place is known. */
  geocode(name: string, signal: AbortSignal): Promise<GeocodedPlace | null>;
  forecast(place: { latitude: number; longitude: number }, units: UnitSystem, signal: AbortSignal): Promise<Forecast>;
}
