import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { installAudioProbe, readAudioProbe, soundingAt, type AudioProbe } from './support/audio-probe.ts';
import { recordingSocket, type RecordingSocket } from './support/abuse.ts';
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

  it('a page the browser keeps silent says so once, with what to do, shows the text, and plays once allowed', async () => {
    // Chromium's own autoplay rule, enforced: no sound before the user interacts with the page.
    // Nothing may give the page a user gesture before the answers come (Playwright's evaluate and
    // locators do), so the page is watched only through its WebSocket until then, and the timers
    // are set from a second connection to the same conversation.
    const strict = await launchChromium(['--autoplay-policy=document-user-activation-required']);
    const other = await recordingSocket(host.socketUrl);
    try {
      const page = await strict.newPage();
      await installAudioProbe(page);
      const sent: { at: number; method?: string; params?: Record<string, unknown> }[] = [];
      const received: { at: number; event?: string; payload?: Record<string, unknown> }[] = [];
      page.on('websocket', (socket) => {
        socket.on('framesent', ({ payload }) => {
          const frame = typeof payload === 'string' ? parseFrame(payload) : null;
          if (frame?.method) sent.push({ at: Date.now(), method: frame.method, params: frame.params ?? {} });
        });
        socket.on('framereceived', ({ payload }) => {
          const frame = parseFrame(payload);
          if (frame?.event) received.push({ at: Date.now(), event: frame.event, payload: frame.payload ?? {} });
        });
      });
      await page.goto(host.url);
      await expect.poll(() => sent.some((frame) => frame.method === 'startSession' || frame.method === 'resumeSession'), { timeout: 20_000 }).toBe(true);
      const request = requester(other);
      await expect.poll(async () => (await request<{ id: string }[]>('listSessions', { limit: 1 })).length, { timeout: 10_000 }).toBe(1);
      const [session] = await request<{ id: string }[]>('listSessions', { limit: 1 });
      await request('resumeSession', { sessionId: session!.id });
      await request('ask', { sessionId: session!.id, text: 'set a timer for 2 seconds' });
      await request('ask', { sessionId: session!.id, text: 'set a timer for 6 seconds' });

      // Each announcement: the page says it cannot play, and the host stops waiting for it at once.
      const failed = () => sent.filter((frame) => frame.method === 'voicePlayback' && frame.params?.event === 'failed');
      await expect.poll(() => failed().length, { timeout: 20_000 }).toBe(2);
      expect(String(failed()[0]!.params!.reason)).toMatch(/not allowed to play sound/);
      await page.waitForTimeout(500);
      const notices = received.filter((frame) => frame.event === 'voice').map((frame) => ({ at: frame.at, ...(frame.payload!.notice as { kind: string; phase?: string; message?: string }) }));
      const idleAfter = notices.find((notice) => notice.kind === 'phase' && notice.phase !== 'speaking' && notice.at >= failed()[1]!.at);
      expect(idleAfter).toBeDefined();
      expect(idleAfter!.at - failed()[1]!.at).toBeLessThan(2000);

      // Said once, with the reason and what to do; no error per answer.
      const problem = page.getByTestId('playback-problem');
      expect(await problem.count()).toBe(1);
      expect(await problem.textContent()).toMatch(/not allowed to play sound.*click or press a key/);
      expect(await page.getByTestId('voice-error').count()).toBe(0);
      expect((await readAudioProbe(page)).contextStates).toContain('suspended');

      // The one action that fixes it: a click, and the next answer is heard.
      await page.getByRole('button', { name: 'Turn sound on' }).click();
      await problem.waitFor({ state: 'detached', timeout: 5_000 });
      const clickedAt = Date.now();
      await type(page, 'what is 5 times 5');
      await expect.poll(async () => (await readAudioProbe(page)).sources.filter((source) => source.startCalledAt > clickedAt).length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect((await readAudioProbe(page)).contextStates.at(-1)).toBe('running');
    } finally {
      other.socket.close();
      await strict.close();
    }
  });
});

/** Requests on a WebSocket of the test's own, with the page's token. */
function requester(socket: RecordingSocket) {
  let nextId = 1;
  return async <T = unknown>(method: string, params: unknown): Promise<T> => {
    const id = `e2e-${nextId++}`;
    socket.socket.send(JSON.stringify({ type: 'request', id, method, params }));
    let reply: RecordingSocket['messages'][number] | undefined;
    await expect.poll(() => (reply = socket.messages.find((message) => message?.type === 'reply' && message.id === id)), { timeout: 15_000 }).toBeDefined();
    const result = reply!.result as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!result.ok) throw new Error(`${method} failed: ${result.error?.message}`);
    return result.value as T;
  };
}
