import type { AgentProfile } from '../../agent.ts';

// A small registry of realistic specialists for the routing tests.

const profile = (name: string, description: string, capabilities: string[], examples: string[]): AgentProfile => ({
  name,
  description,
  capabilities,
  examples,
  provider: 'local',
  cache: { cacheable: true, varyBy: [] },
  dependsOn: [],
});

export const clockAgent = profile('clock', 'Tells the current time and date, and converts times between time zones.', ['current time', 'time zones', 'date today'], [
  'what time is it',
  'what is the time in Tokyo',
  'tell me the current time',
  'what time is it in London right now',
  'what is the date today',
  'which day of the week is it',
  'convert 3pm New York time to Paris time',
  'what time zone is Sydney in',
  'how late is it in Berlin',
  'what is today\'s date',
  'is it morning in Los Angeles',
  'current time please',
]);

export const calculatorAgent = profile('calculator', 'Does arithmetic and converts units.', ['arithmetic', 'unit conversion', 'percentages'], [
  'what is 15 percent of 80',
  'calculate 12 times 7',
  'how many centimeters in an inch',
  'convert 5 miles to kilometers',
  'what is the square root of 144',
  'add 245 and 380',
  'divide 1000 by 8',
  'how many ounces in a pound',
  'convert 100 fahrenheit to celsius',
  'what is 2 to the power of 10',
  'subtract 45 from 230',
  'how many grams in a kilogram',
]);

export const weatherAgent = profile('weather', 'Gives the weather forecast for a place.', ['weather forecast', 'temperature outside', 'rain'], [
  'what is the weather like today',
  'will it rain tomorrow',
  'how hot will it be this afternoon',
  'is it going to snow in Denver',
  'what is the forecast for the weekend',
  'do I need an umbrella today',
  'how cold is it outside',
  'weather in Paris',
  'is it sunny in Madrid',
  'what is the temperature in Chicago',
  'will there be a storm tonight',
  'forecast for next week',
]);

/** No examples: it is known only by its description and capabilities. */
export const translatorAgent = profile('translator', 'Translates words and sentences between languages.', ['translate text', 'say something in Spanish, French or German'], []);

export const generalAgent = profile('general', 'A general assistant for anything the specialists do not cover.', ['general knowledge', 'conversation'], [
  'tell me a joke',
  'who wrote hamlet',
  'what should I cook for dinner',
]);

export const sampleAgents: AgentProfile[] = [clockAgent, calculatorAgent, weatherAgent, translatorAgent, generalAgent];
