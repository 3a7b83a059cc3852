import { describe, expect, it } from 'vitest';
import { createCalculatorAgent } from './calculator-agent.ts';
import { contextForTests, resultOf } from '../testing/context-for-tests.ts';
import { checkExpression } from './safe-math.ts';

const calculator = createCalculatorAgent();
const ask = (query: string, locale = 'en-US') =>
  resultOf(calculator.execute(query, contextForTests({ locale }), new AbortController().signal));

describe('calculator agent', () => {
  it.each([
    ['what is 15% of 240', '15% of 240 is 36.'],
    ['12 times 7', '12 times 7 is 84.'],
    ['what is twelve times seven', '12 times 7 is 84.'],
    ['two hundred and fifty six divided by four', '256 divided by 4 is 64.'],
    ['square root of 144', 'Square root of 144 is 12.'],
    ['what is the cube root of 27', 'The cube root of 27 is 3.'],
    ["what's 2 to the power of 10", '2 to the power of 10 is 1,024.'],
    ['7 squared', '7 squared is 49.'],
    ['5 factorial', '5 factorial is 120.'],
    ['what is 3.5 * (2 + 4)', '3.5 * (2 + 4) is 21.'],
    ['what is 0.1 + 0.2', '0.1 + 0.2 is 0.3.'],
    ['30 is what percent of 120', '30 out of 120 is 25%.'],
    ['what is 20% off 80', '20% off 80 is 64.'],
    ['sine of 30 degrees', 'Sine of 30 degrees is 0.5.'],
    ['log base 2 of 1024', 'Log base 2 of 1024 is 10.'],
    ['what is the average of 4, 8 and 15', 'The average of 4, 8 and 15 is 9.'],
    ['what does 5 times 3 equal?', '5 times 3 is 15.'],
    ['1,234,567 * 3', '1234567 * 3 is 3,703,701.'],
    ["what's a 20% tip on $85", 'A 20% tip on 85 is 17, so 102 in total.'],
  ])('arithmetic: %s', async (query, expected) => {
    const output = await ask(query);
    expect(output.text).toBe(expected);
    expect(output.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['convert 5 miles to km', '5 miles is 8.05 kilometers.'],
    ['how many ounces in a pound', '1 pound is 16 ounces.'],
    ['72 fahrenheit in celsius', '72 fahrenheit is 22.2 °C.'],
    ['what is 100 degrees celsius in fahrenheit', '100 degrees celsius is 212 °F.'],
    ['how many centimeters are in 3 feet', '3 feet is 91.4 centimeters.'],
    ['convert 10 kilograms to pounds', '10 kilograms is 22 pounds.'],
    ['60 miles per hour in kilometers per hour', '60 miles per hour is 96.6 km/h.'],
    ['how many seconds in a day', '1 day is 86,400 seconds.'],
    ['1 acre in square meters', '1 acre is 4,047 m².'],
    ['5 ft 3 in to cm', '5 ft 3 in is 160 centimeters.'],
  ])('conversion: %s', async (query, expected) => {
    const output = await ask(query);
    expect(output.text).toBe(expected);
    expect(output.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('returns the value and unit for dependants', async () => {
    const output = await ask('convert 5 miles to km');
    expect(output.data).toMatchObject({ expression: '5 miles to km', value: 8.04672, unit: 'km' });
  });

  it('writes numbers the way the user locale does', async () => {
    expect((await ask('what is 1234.5 times 2', 'de-DE')).text).toBe('1234.5 times 2 is 2.469.');
    expect((await ask('1000 divided by 8', 'de-DE')).text).toBe('1000 divided by 8 is 125.');
    expect((await ask('what is 1234.5 plus 1', 'de-DE')).text).toBe('1234.5 plus 1 is 1.235,5.');
    expect(calculator.cache).toEqual({ cacheable: true, varyBy: ['locale'] });
  });

  it('says so when units cannot be converted', async () => {
    const output = await ask('what is 5 miles in kilograms');
    expect(output.confidence).toBeLessThan(0.5);
    expect(output.text).toMatch(/units measure different things/);
  });

  it.each([
    'what is the capital of France',
    'who won the world cup in 2018',
    'what time is it',
    "what's the weather in Paris tomorrow",
    'how many days until Christmas',
    'tell me a joke',
  ])('abstains out of its domain: %s', async (query) => {
    const output = await ask(query);
    expect(output).toEqual({ abstained: true, reason: expect.stringMatching(/^not /) });
  });

  it.each([
    'import({x: 1})',
    'createUnit("foo")',
    'evaluate("1+1")',
    'parse("1+1")',
    'x = 5',
    'f(x) = x^2',
    'combinations(1000000000, 500000000)',
    'range(1, 1000000000)',
    'zeros(10000, 10000)',
    'simplify("x+x")',
  ])('refuses dangerous or unbounded input: %s', async (query) => {
    const output = await ask(query);
    expect(output.abstained).toBe(true);
    expect(checkExpression(query).ok).toBe(false);
  });

  it('answers a huge factorial without computing it', async () => {
    const output = await ask('1000000000!');
    expect(output.text).toBe('1000000000! is infinity.');
    expect(output.confidence).toBeLessThan(0.9);
  });

  it('refuses very long input', async () => {
    const output = await ask(`${'1 + '.repeat(200)}1`);
    expect(output.confidence).toBeLessThanOrEqual(0.1);
    expect(output.text).toMatch(/too long/);
  });

  it('has a description and varied examples for the router', () => {
    expect(calculator.examples.length).toBeGreaterThanOrEqual(15);
    expect(new Set(calculator.examples).size).toBe(calculator.examples.length);
  });

  it('rejects when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(calculator.execute('1 + 1', contextForTests(), controller.signal)).rejects.toThrow('cancelled');
  });
});

describe('answers worded as people say them', () => {
  const inLanguage = (query: string, language: 'en' | 'fr' | 'de' | 'es') =>
    resultOf(calculator.execute(query, contextForTests({ language, locale: { en: 'en-US', fr: 'fr-FR', de: 'de-DE', es: 'es-ES' }[language] }), new AbortController().signal));

  it('rounds a conversion to the digits that matter', async () => {
    expect((await ask('72 fahrenheit in celsius')).text).toBe('72 fahrenheit is 22.2 °C.');
    expect((await ask('350 fahrenheit in celsius')).text).toBe('350 fahrenheit is 177 °C.');
    expect((await ask('convert 5 miles to km')).text).toBe('5 miles is 8.05 kilometers.');
    expect((await ask('2 lb to kg')).text).toBe('2 lb is 0.907 kilograms.');
  });

  it('names the unit in the language of the answer, singular or plural', async () => {
    expect((await inLanguage('10 miles to kilometers', 'es')).text).toBe('El resultado es 16,1 kilómetros.');
    expect((await inLanguage('10 miles to kilometers', 'fr')).text).toBe('Ça fait 16,1 kilomètres.');
    expect((await inLanguage('10 miles to kilometers', 'de')).text).toBe('Das ergibt 16,1 Kilometer.');
    expect((await inLanguage('1.609344 km in miles', 'es')).text).toBe('El resultado es 1 milla.');
    expect((await inLanguage('1.609344 km in miles', 'de')).text).toBe('Das ergibt 1 Meile.');
    expect((await inLanguage('2 feet in meters', 'fr')).text).toBe('Ça fait 0,61 mètre.');
    expect((await inLanguage('6 feet in inches', 'fr')).text).toBe('Ça fait 72 pouces.');
    expect((await inLanguage('100 celsius in fahrenheit', 'es')).text).toBe('El resultado es 212 °F.');
  });

  it('gives money to the cent', async () => {
    expect((await ask("what's a 18% tip on 84.53")).text).toBe('A 18% tip on 84.53 is 15.22, so 99.75 in total.');
    expect((await inLanguage('18% tip on 84.53', 'fr')).text).toBe('Le pourboire fait 15,22, soit 99,75 au total.');
  });
});

describe('calculator read-back', () => {
  it('reads an instruction back as the calculation it asks for', async () => {
    expect((await ask('divide 84 by 4')).text).toBe('84 divided by 4 is 21.');
    expect((await ask('subtract 3 from 10')).text).toBe('10 minus 3 is 7.');
    expect((await ask('add 7 and 8')).text).toBe('7 plus 8 is 15.');
  });
});
