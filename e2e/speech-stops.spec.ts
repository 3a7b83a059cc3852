import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { installAudioProbe, readAudioProbe, soundingAt, type AudioProbe } from './support/audio-probe.ts';
import { launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { parseFrame, recordMetrics } from './support/voice-page.ts';

// Speech that stops: a new typed question silences the answer being spoken and its own answer is
// heard next; a timer is announced on time whatever is playing. Measured on the page's Web Audio
// (every source node's start and stop) in Chromium with its fake audio output, no microphone
// (typed answers are spoken while the microphone is off).

let browser: Browser;
let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;

beforeAll(async () => {
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  temp = makeTempDir('e2e-speech-stops');
  host = await startHeadlessProcess(temp.path);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  temp?.remove();
});

type Pushed = { at: number; event: string; payload: Record<string, unknown> };

async function openPage(): Promise<{ page: Page; pushed: Pushed[] }> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await installAudioProbe(page);
  const pushed: Pushed[] = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      const frame = parseFrame(payload);
      if (frame?.event) pushed.push({ at: Date.now(), event: frame.event, payload: frame.payload ?? {} });
    }),
  );
  await page.goto(host.url);
  await page.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
  return { page, pushed };
}

async function type(page: Page, question: string): Promise<void> {
  await page.getByLabel('Ask the assistant').fill(question);
  await page.getByLabel('Ask the assistant').press('Enter');
}

const sounding = (probe: AudioProbe, at: number) => probe.sources.filter((source) => soundingAt(source, at));

describe('speech that stops', () => {
  it('a new typed question silences the spoken answer at once, and its own answer is heard next', async () => {
    const { page, pushed } = await openPage();
    await type(page, 'what can you do');
    await expect.poll(async () => sounding(await readAudioProbe(page), Date.now()).length, { timeout: 40_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(3000);
    const longRun = pushed.filter((entry) => entry.event === 'audioOut').at(-1)!.payload.runId as string;

    await type(page, "what's 2 plus 2");
    const asked = (await readAudioProbe(page)).keys.filter((key) => key.key === 'Enter').at(-1)!.at;
    const turns = page.getByTestId('turn');
    await expect.poll(() => turns.last().getAttribute('data-status'), { timeout: 15_000 }).toBe('answered');
    expect(await turns.last().getByTestId('answer').textContent()).toContain('4');
    // The new answer's audio sounds (it was queued behind the old one before).
    await expect.poll(async () => (await readAudioProbe(page)).sources.filter((source) => source.startCalledAt > asked).length, { timeout: 15_000 }).toBeGreaterThan(0);

    const probe = await readAudioProbe(page);
    const before = probe.sources.filter((source) => source.startCalledAt <= asked);
    const silencedWithin = Math.max(0, ...before.map((source) => Math.min(source.stoppedAt ?? Infinity, source.soundsAt + source.durationMs) - asked));
    recordMetrics({ typed_question_silence_ms: silencedWithin });
    // Everything of the old answer stopped (or had ended) within 50 ms of the key press.
    expect(silencedWithin).toBeLessThanOrEqual(50);
    // And none of its audio came afterwards: the host stopped the run, not only the page.
    const lateOld = pushed.filter((entry) => entry.event === 'audioOut' && entry.payload.runId === longRun && entry.at > asked + 200);
    expect(lateOld).toEqual([]);
    const answerAudio = probe.sources.filter((source) => source.startCalledAt > asked);
    expect(answerAudio[0]!.soundsAt - asked).toBeLessThan(10_000);
    await page.close();
  });

  it('a timer is announced within a second of its due time, cutting off the answer being spoken', async () => {
    const { page, pushed } = await openPage();
    await type(page, 'set a timer for 12 seconds');
    await expect.poll(() => page.getByTestId('turn').last().getAttribute('data-status'), { timeout: 15_000 }).toBe('answered');
    // A long answer is playing when the timer comes due.
    await page.waitForTimeout(4000);
    await type(page, 'what can you do');
    const reminder = await expect
      .poll(() => pushed.find((entry) => entry.event === 'reminder'), { timeout: 30_000 })
      .toBeDefined()
      .then(() => pushed.find((entry) => entry.event === 'reminder')!);
    const dueAt = (reminder.payload.reminder as { dueAt: number }).dueAt;
    await expect.poll(async () => (await readAudioProbe(page)).sources.filter((source) => source.startCalledAt >= reminder.at - 50).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const probe = await readAudioProbe(page);
    const announcement = probe.sources.find((source) => source.startCalledAt >= reminder.at - 50)!;
    const firstAudio = pushed.find((entry) => entry.event === 'audioOut' && entry.at >= reminder.at)!;
    recordMetrics({
      timer_announcement_late_ms: announcement.soundsAt - dueAt,
      timer_fired_late_ms: reminder.at - dueAt,
      timer_first_audio_after_fire_ms: firstAudio.at - reminder.at,
    });
    expect(announcement.soundsAt - dueAt).toBeLessThanOrEqual(1000);
    // Nothing else sounds over it.
    const overlapping = probe.sources.filter((source) => source !== announcement && soundingAt(source, announcement.soundsAt + 20));
    expect(overlapping).toEqual([]);
    await page.close();
  });
});
