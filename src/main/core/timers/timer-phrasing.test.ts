import { describe, expect, it } from 'vitest';
import { parseClockTime, parseDuration, parseTimerIntent } from './timer-phrasing.ts';

describe('timer phrasing', () => {
  it('reads durations as people say them', () => {
    expect(parseDuration('set a timer for 10 minutes')?.ms).toBe(600_000);
    expect(parseDuration('an hour and a half')?.ms).toBe(5_400_000);
    expect(parseDuration('half an hour')?.ms).toBe(1_800_000);
    expect(parseDuration('1 hour and 30 minutes')?.ms).toBe(5_400_000);
    expect(parseDuration('90 seconds')?.ms).toBe(90_000);
    expect(parseDuration('1h30')?.ms).toBe(5_400_000);
    expect(parseDuration('one and a half hours')?.ms).toBe(5_400_000);
    expect(parseDuration('1.5 hours')?.ms).toBe(5_400_000);
    expect(parseDuration('a quarter of an hour')?.ms).toBe(900_000);
    expect(parseDuration('three quarters of an hour')?.ms).toBe(2_700_000);
    expect(parseDuration('2 minutes and 30 seconds')?.ms).toBe(150_000);
    expect(parseDuration('what time is it')).toBeNull();
  });

  it('reads times of day with am/pm, as HH:MM, noon, or a bare hour after "at"', () => {
    expect(parseClockTime('set an alarm for 7am')).toEqual({ hour: 7, minute: 0, tomorrow: false });
    expect(parseClockTime('alarm at 6:45 pm please')).toEqual({ hour: 18, minute: 45, tomorrow: false });
    expect(parseClockTime('wake me up at 6:30 tomorrow')).toEqual({ hour: 6, minute: 30, tomorrow: true });
    expect(parseClockTime('remind me at noon')).toEqual({ hour: 12, minute: 0, tomorrow: false });
    expect(parseClockTime('set a timer for 10 minutes')).toBeNull();
  });

  it('reads a time of day said in words: half past, a quarter to, in the morning', () => {
    expect(parseTimerIntent('alarm at half past 9 in the morning')).toEqual({ type: 'set_alarm', at: { hour: 9, minute: 30, tomorrow: false }, label: null });
    expect(parseTimerIntent('wake me up at a quarter to 8 am')).toEqual({ type: 'set_alarm', at: { hour: 7, minute: 45, tomorrow: false }, label: null });
    expect(parseTimerIntent('set an alarm for 7 in the evening')).toEqual({ type: 'set_alarm', at: { hour: 19, minute: 0, tomorrow: false }, label: null });
    expect(parseTimerIntent('remind me to water the plants at half past 5 in the morning')).toEqual({ type: 'set_reminder', label: 'water plants', inMs: null, at: { hour: 5, minute: 30, tomorrow: false } });
  });

  it.each([
    ['set a timer for 10 minutes', { type: 'set_timer', durationMs: 600_000, label: null }],
    ['set a timer for 2 minutes and 30 seconds', { type: 'set_timer', durationMs: 150_000, label: null }],
    ['could you time 3 minutes for me', { type: 'set_timer', durationMs: 180_000, label: null }],
    ["don't let me forget to call the bank in 10 minutes", { type: 'set_reminder', label: 'call bank', inMs: 600_000, at: null }],
    ['set a timer for a quarter of an hour', { type: 'set_timer', durationMs: 900_000, label: null }],
    ['start a 25 minute timer for the pasta', { type: 'set_timer', durationMs: 1_500_000, label: 'pasta' }],
    ['egg timer 4 minutes', { type: 'set_timer', durationMs: 240_000, label: null }],
    ['wake me up at 6:30 tomorrow', { type: 'set_alarm', at: { hour: 6, minute: 30, tomorrow: true }, label: null }],
    ['remind me to call mum in 20 minutes', { type: 'set_reminder', label: 'call mum', inMs: 1_200_000, at: null }],
    ['remind me at 5pm to pick up the kids', { type: 'set_reminder', label: 'pick up kids', inMs: null, at: { hour: 17, minute: 0, tomorrow: false } }],
    ['how much time is left on my timer', { type: 'time_left', kind: 'timer', label: null }],
    ['list my alarms', { type: 'list', kind: 'alarm' }],
    ['stop the pasta timer', { type: 'cancel', kind: 'timer', label: 'pasta', all: false }],
    ['cancel all timers', { type: 'cancel', kind: 'timer', label: null, all: true }],
    ['snooze for 5 minutes', { type: 'snooze', durationMs: 300_000 }],
  ])('%s', (text, intent) => {
    expect(parseTimerIntent(text)).toEqual(intent);
  });

  it('leaves other questions alone', () => {
    for (const text of ['what time is it in Tokyo', 'how many minutes until 5pm', 'convert 10 minutes to seconds', 'what is 10 times 5']) {
      expect(parseTimerIntent(text)).toBeNull();
    }
  });
});
