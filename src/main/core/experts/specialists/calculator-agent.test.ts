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
    ['convert 5 miles to km', '5 miles is 8.04672 km.'],
    ['how many ounces in a pound', '1 pound is 16 oz.'],
    ['72 fahrenheit in celsius', '72 fahrenheit is 22.2222°C.'],
    ['what is 100 degrees celsius in fahrenheit', '100 degrees celsius is 212°F.'],
    ['how many centimeters are in 3 feet', '3 feet is 91.44 centimeters.'],
    ['convert 10 kilograms to pounds', '10 kilograms is 22.0462 lb.'],
    ['60 miles per hour in kilometers per hour', '60 miles per hour is 96.5606 km/h.'],
    ['how many seconds in a day', '1 day is 86,400 seconds.'],
    ['1 acre in square meters', '1 acre is 4,046.86 meter².'],
    ['5 ft 3 in to cm', '5 ft 3 in is 160.02 cm.'],
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

describe('calculator read-back', () => {
  it('reads an instruction back as the calculation it asks for', async () => {
    expect((await ask('divide 84 by 4')).text).toBe('84 divided by 4 is 21.');
    expect((await ask('subtract 3 from 10')).text).toBe('10 minus 3 is 7.');
    expect((await ask('add 7 and 8')).text).toBe('7 plus 8 is 15.');
  });
});
