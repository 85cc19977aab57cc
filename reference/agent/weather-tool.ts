// The scripted agent's only tool. Deterministic, so a test can assert the exact answer.

const KNOWN_CITIES = [
  'Paris',
  'Rome',
  'Tokyo',
  'London',
  'Berlin',
  'Madrid',
  'Lisbon',
  'Oslo',
  'Vienna',
  'Prague',
] as const;
const DEFAULT_CITY = 'Paris';
export const WEATHER_TOOL = 'get_weather';

const CONDITIONS = ['sunny', 'cloudy', 'rainy', 'windy', 'foggy', 'snowy'] as const;

export interface WeatherReport {
  readonly city: string;
  readonly temperature_c: number;
  readonly conditions: string;
}

/** Known cities mentioned in the text, in order of first mention; Paris when there are none. */
export function citiesMentioned(text: string): string[] {
  const found = KNOWN_CITIES.map((city) => ({ city, at: text.search(new RegExp(`\\b${city}\\b`, 'i')) }))
    .filter((hit) => hit.at !== -1)
    .sort((a, b) => a.at - b.at)
    .map((hit) => hit.city);
  return found.length > 0 ? found : [DEFAULT_CITY];
}

/** A made-up but stable forecast: the same city always gets the same weather. */
export function weatherFor(city: string): WeatherReport {
  const code = [...city].reduce((sum, char) => sum + char.charCodeAt(0), 0);
  return { city, temperature_c: (code % 30) - 2, conditions: CONDITIONS[code % CONDITIONS.length] ?? 'clear' };
}

export function describeWeather(report: WeatherReport): string {
  return `${report.city}: ${report.temperature_c}°C, ${report.conditions}`;
}
