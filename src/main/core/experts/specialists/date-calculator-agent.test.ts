import { describe, expect, it } from 'vitest';
import { contextForTests, resultOf } from '../testing/context-for-tests.ts';
import { createDateCalculatorAgent } from './date-calculator-agent.ts';

// Today is Friday 20 November 2026 in Berlin (contextForTests).
const dates = createDateCalculatorAgent();
const ask = (query: string, overrides = {}) => resultOf(dates.execute(query, contextForTests(overrides), new AbortController().signal));

describe('date calculator agent', () => {
  it.each([
    ['how many days until Christmas', 'There are 35 days (5 weeks) until Friday, December 25, 2026.'],
    ['how many days between March 1 and June 15', 'There are 106 days (15 weeks and 1 day) between Monday, March 1, 2027 and Tuesday, June 15, 2027.'],
    ['days from 2026-01-01 to 2026-12-25', 'There are 358 days (51 weeks and 1 day) between Thursday, January 1, 2026 and Friday, December 25, 2026.'],
    ['how many days since January 1', "It's been 323 days (46 weeks and 1 day) since Thursday, January 1, 2026."],
    ['how long ago was Halloween', "It's been 20 days (2 weeks and 6 days) since Saturday, October 31, 2026."],
    ['how many days till tomorrow', 'There is 1 day until Saturday, November 21, 2026.'],
    ['how many days are left in the year', 'There are 41 days (5 weeks and 6 days) until Thursday, December 31, 2026.'],
    ['how many weeks until new years', 'There are 42 days (6 weeks) until Friday, January 1, 2027.'],
  ])('counts days: %s', async (query, expected) => {
    const output = await ask(query);
    expect(output.text).toBe(expected);
    expect(output.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['what day of the week is July 4 2027', 'July 4, 2027 is a Sunday.'],
    ['what day was 1 January 2000', 'January 1, 2000 was a Saturday.'],
    ['when is Thanksgiving this year', 'Thanksgiving this year is Thursday, November 26, 2026.'],
    ['when is Easter next year', 'Easter next year is Sunday, March 28, 2027.'],
    ["what's the date next Friday", 'Next Friday is Friday, November 27, 2026.'],
    ['what day is 12/25/2027', 'December 25, 2027 is a Saturday.'],
    ['what day does Christmas fall on', 'Christmas is Friday, December 25, 2026.'],
  ])('names the weekday: %s', async (query, expected) => {
    const output = await ask(query);
    expect(output.text).toBe(expected);
  });

  it('reads numeric dates day-first outside the US', async () => {
    const output = await ask('what day is 03/04/2027', { locale: 'en-GB' });
    expect(output.data).toMatchObject({ date: '2027-04-03', weekday: 'Saturday' });
  });

  it.each([
    ["what's the date 90 days from today", '90 days from today is Thursday, February 18, 2027.'],
    ['what date is 3 weeks from now', '3 weeks from today is Friday, December 11, 2026.'],
    ['what was the date 100 days ago', '100 days ago was Wednesday, August 12, 2026.'],
    ['what will the date be in six months', '6 months from today is Thursday, May 20, 2027.'],
    ['what is 10 days after March 28', '10 days after Sunday, March 28, 2027 is Wednesday, April 7, 2027.'],
  ])('adds to a date: %s', async (query, expected) => {
    expect((await ask(query)).text).toBe(expected);
  });

  it.each([
    ['100 days after January 1 2027', '2027-04-11'],
    ['the 16th of september 2027 + 100 days', '2027-12-25'],
    ['what date is it 7 weeks past 16 March 2027', '2027-05-04'],
    ['go back 100 days from September 6 2027', '2027-05-29'],
    ['6 days prior to may 3 2027', '2027-04-27'],
    ['2027-02-05 minus 4 weeks', '2027-01-08'],
    ['what was the date 10 days back', '2026-11-10'],
    ['23 of june of 2027 plus 2 weeks', '2027-07-07'],
    ['6 days after 10.12.2027', '2027-12-16'],
  ])('counts a span from another date, said in any order: %s', async (query, date) => {
    expect((await ask(query)).data).toMatchObject({ date });
  });

  it.each([
    ['is 2028 a leap year', 'Yes, 2028 is a leap year: February has 29 days.'],
    ['is 2100 a leap year', 'No, 2100 is not a leap year.'],
    ['what week number is it', "It's week 47 of 2026."],
  ])('calendar facts: %s', async (query, expected) => {
    expect((await ask(query)).text).toBe(expected);
  });

  it('counts from today in the user time zone', async () => {
    // 14:04 UTC on 20 November is already 21 November in Auckland.
    const output = await ask('how many days until Christmas', { timeZone: 'Pacific/Auckland' });
    expect(output.data).toMatchObject({ from: '2026-11-21', days: 34 });
  });

  it('asks for the date it is missing', async () => {
    const output = await ask('how many days until my birthday');
    expect(output.confidence).toBeLessThan(0.3);
    expect(output.text).toMatch(/I need the date of "birthday"/);
  });

  it.each(['what is the capital of France', 'what time is it in Tokyo', 'convert 5 miles to km', 'what is 12 times 7', 'tell me a joke'])(
    'abstains out of its domain: %s',
    async (query) => {
      const output = await ask(query);
      expect(output).toEqual({ abstained: true, reason: expect.stringMatching(/^not /) });
    },
  );

  it('is not cached, because answers are counted from today', () => {
    expect(dates.cache.cacheable).toBe(false);
    expect(dates.examples.length).toBeGreaterThanOrEqual(15);
  });

  it('rejects when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(dates.execute('how many days until Christmas', contextForTests(), controller.signal)).rejects.toThrow('cancelled');
  });
});
