import { describe, expect, it } from 'vitest';
import { createClockAgent } from './clock-agent.ts';
import { contextForTests, resultOf } from '../testing/context-for-tests.ts';

const clock = createClockAgent();
const ask = (query: string, overrides = {}) => resultOf(clock.execute(query, contextForTests(overrides), new AbortController().signal));

describe('clock agent', () => {
  it.each([
    ['what time is it', "It's 3:04 PM on Friday, November 20, 2026."],
    ['What time is it in Tokyo?', "In Tokyo, it's 11:04 PM on Friday, November 20, 2026. That's 8 hours ahead of you."],
    ['current time in New York', "In New York, it's 9:04 AM on Friday, November 20, 2026. That's 6 hours behind you."],
    ['time in Sydney', "In Sydney, it's 1:04 AM on Saturday, November 21, 2026. That's 10 hours ahead of you."],
    ["what's the time in India", "In India, it's 7:34 PM on Friday, November 20, 2026. That's 4 hours and 30 minutes ahead of you."],
    ['what time is it in Europe/Lisbon', "In Europe/Lisbon, it's 2:04 PM on Friday, November 20, 2026. That's 1 hour behind you."],
    ['what day is it today', 'Today is Friday, November 20, 2026.'],
    ["what's today's date", 'Today is Friday, November 20, 2026.'],
    ['what day is it in Auckland', "In Auckland, it's Saturday, November 21, 2026. That's 12 hours ahead of you."],
    ['what time is it in Tokyo, London and New York', "It's 11:04 PM in Tokyo, 2:04 PM in London and 9:04 AM in New York."],
    ['what year is it', "It's 2026."],
    ['Tokyo time', "In Tokyo, it's 11:04 PM on Friday, November 20, 2026. That's 8 hours ahead of you."],
    ['what time is it in LA', "In LA, it's 6:04 AM on Friday, November 20, 2026. That's 9 hours behind you."],
    ['what month is it', "It's November 2026."],
  ])('%s', async (query, expected) => {
    const output = await ask(query);
    expect(output.text).toBe(expected);
    expect(output.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('answers in the user time zone and locale', async () => {
    const output = await ask('what time is it', { timeZone: 'America/Los_Angeles', locale: 'en-GB' });
    expect(output.text).toBe("It's 6:04 on Friday, 20 November 2026.");
    expect(output.data).toMatchObject({ timeZone: 'America/Los_Angeles', utcOffsetMinutes: -480 });
  });

  it('says when a country spans several zones', async () => {
    const output = await ask('what time is it in the USA');
    expect(output.text).toContain("it's 9:04 AM");
    expect(output.text).toContain('The United States spans several time zones');
  });

  it.each([
    ["what's the time difference between London and Tokyo", 'London is 9 hours behind Tokyo right now.'],
    ['how many hours ahead is Sydney', 'Sydney is 10 hours ahead of you (Berlin) right now.'],
    ['is Paris ahead of Madrid', 'Paris and Madrid are on the same time right now.'],
    ['time difference between Kathmandu and UTC', 'Kathmandu is 5 hours and 45 minutes ahead of UTC right now.'],
  ])('time difference: %s', async (query, expected) => {
    expect((await ask(query)).text).toBe(expected);
  });

  it.each([
    ['what time zone is Chicago in', 'Chicago uses the time zone America/Chicago: Central Standard Time, UTC-6 right now.'],
    ["what's my time zone", 'Your time zone is Europe/Berlin: Central European Standard Time, UTC+1 right now.'],
  ])('time zone: %s', async (query, expected) => {
    expect((await ask(query)).text).toBe(expected);
  });

  it.each([
    ['when it is 9 am in New York what time is it in London', '9:00 AM in New York is 2:00 PM in London.'],
    ['convert 3 pm Tokyo time to Berlin time', '3:00 PM in Tokyo is 7:00 AM in Berlin.'],
    ["if it's noon in Paris what time is it in Singapore", '12:00 PM in Paris is 7:00 PM in Singapore.'],
    ['what is 11pm in Los Angeles in Tokyo time', '11:00 PM in Los Angeles is 4:00 PM on Saturday in Tokyo.'],
    ['what time will it be in Tokyo at 18:30 my time', '6:30 PM in Berlin is 2:30 AM on Saturday in Tokyo.'],
  ])('conversion: %s', async (query, expected) => {
    expect((await ask(query)).text).toBe(expected);
  });

  it('says plainly when it does not know a place', async () => {
    const output = await ask('what time is it in Gondor');
    expect(output.confidence).toBeLessThan(0.3);
    expect(output.text).toMatch(/don't know which time zone "gondor"/);
  });

  it.each([
    'what is the capital of France',
    'what time does the pharmacy close',
    'what time is the game tonight',
    'set a timer for 10 minutes',
    'what is 12 times 7',
    'how many days until Christmas',
    "what's the weather in Tokyo",
    'what date is a week after April 24, 2027',
    "what's the date five weeks after february 3rd 2027",
  ])('abstains out of its domain: %s', async (query) => {
    const output = await ask(query);
    expect(output).toEqual({ abstained: true, reason: expect.stringMatching(/^not /) });
  });

  it('declares itself not cacheable, with a reason', () => {
    expect(clock.cache).toEqual({ cacheable: false, reason: 'the answer depends on the current time' });
    expect(clock.examples.length).toBeGreaterThanOrEqual(15);
  });

  it('rejects when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the user'));
    await expect(clock.execute('what time is it', contextForTests(), controller.signal)).rejects.toThrow('cancelled by the user');
  });
});
