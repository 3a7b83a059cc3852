import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../src/main/adapters/testing/fake-openai-server.ts';
import type { PcmAudio } from '../src/main/ports/audio.ts';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import type { TurnTrace } from '../src/shared/trace.ts';
import { ARTIFACTS_DIR, launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { openInspector, showView } from './support/views.ts';
import {
  fakeMicrophoneArgs,
  pcm16Rms,
  pushedEvents,
  recordMetrics,
  requestFromPage,
  sentRequests,
  voiceNotices,
  watchSocket,
  writeSpeechWav,
  type SocketLog,
} from './support/voice-page.ts';

// Whole spoken turns in Chromium: espeak-ng's question as the fake microphone, the AudioWorklet's
// frames to main, speech recognition from the local fake OpenAI server (it answers with the
// question's text), the calculator's answer spoken by espeak-ng and played by the page.

const QUESTION = 'what is twelve times seven';

let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;
let fake: FakeOpenAiServer;
let handsFreeWav: string;
let pushToTalkWav: string;
const browsers: Browser[] = [];

/** What the fake speech recognition was sent, in order. */
const recognized: PcmAudio[] = [];

beforeAll(async () => {
  temp = makeTempDir('e2e-voice-turns');
  // Hands-free: the capture file loops, so a long silence after the question lets the answer
  // play out before the question comes again (it would barge in otherwise).
  handsFreeWav = join(temp.path, 'hands-free.wav');
  await writeSpeechWav(handsFreeWav, QUESTION, { beforeMs: 600, afterMs: 10_000 });
  // Push-to-talk: short silences, so the question comes round soon after the key goes down.
  pushToTalkWav = join(temp.path, 'push-to-talk.wav');
  await writeSpeechWav(pushToTalkWav, QUESTION, { beforeMs: 300, afterMs: 1200 });
  fake = await startFakeOpenAiServer({
    transcription: (request) => {
      recognized.push(request.audio);
      return { kind: 'transcript', text: QUESTION };
    },
  });
  host = await startHeadlessProcess(temp.path);
});

afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()));
  await host?.stop();
  await fake?.close();
  temp?.remove();
});

async function openPage(wav: string): Promise<{ page: Page; log: SocketLog }> {
  const browser = await launchChromium(fakeMicrophoneArgs(wav));
  browsers.push(browser);
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  const log = watchSocket(page);
  await page.goto(host.url);
  await page.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });
  return { page, log };
}

async function useFakeOpenAi(page: Page): Promise<void> {
  await showView(page, 'settings');
  await page.getByLabel('OpenAI base URL').fill(fake.baseURL);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved', { exact: true }).waitFor();
  await showView(page, 'conversation');
}

async function startMicrophone(page: Page): Promise<void> {
  // Started from the voice controls; its activity shows in Settings › Microphone.
  const bar = page.getByRole('region', { name: 'Voice' });
  await bar.getByRole('button', { name: 'Start microphone' }).click();
  await bar.getByRole('button', { name: 'Stop microphone' }).waitFor({ timeout: 10_000 });
  await expect.poll(() => micActivity(page).getAttribute('data-detector'), { timeout: 20_000 }).toBe('on');
}

async function stopMicrophone(page: Page): Promise<void> {
  const bar = page.getByRole('region', { name: 'Voice' });
  await bar.getByRole('button', { name: 'Stop microphone' }).click();
  await bar.getByRole('button', { name: 'Start microphone' }).waitFor();
}

/** The turn the spoken question opened, once it shows an answer. */
async function answeredVoiceTurn(page: Page, timeout: number) {
  const turn = page.getByTestId('turn').filter({ has: page.getByTestId('question').filter({ hasText: QUESTION }) }).first();
  await turn.waitFor({ timeout });
  await expect.poll(() => turn.getByTestId('answer').textContent(), { timeout }).toContain('84');
  return turn;
}

/** The trace of `traceId` once main has added the spoken turn's timings to it. */
async function voiceTimings(page: Page, traceId: string): Promise<NonNullable<TurnTrace['voice']>> {
  let trace: TurnTrace | null = null;
  await expect
    .poll(
      async () => {
        trace = await requestFromPage<TurnTrace>(page, host, 'getTrace', { id: traceId });
        return trace.voice?.voiceToVoiceMs ?? null;
      },
      { timeout: 15_000 },
    )
    .not.toBeNull();
  return trace!.voice!;
}

const micActivity = (page: Page) => page.getByRole('region', { name: 'Microphone', includeHidden: true }).getByTestId('microphone-activity');
const speechStarts = async (page: Page) => Number(await micActivity(page).getAttribute('data-speech-starts'));
/** The renderer's VAD hears speech now (the activity line says so). */
const hearingSpeech = async (page: Page) => ((await micActivity(page).textContent()) ?? '').includes('Hearing speech');
const round = (ms: number) => Math.round(ms * 10) / 10;

describe('spoken turns in Chromium', () => {
  it('hands-free: answers the spoken question aloud and shows its routing and trace', async () => {
    const { page, log } = await openPage(handsFreeWav);
    await useFakeOpenAi(page);
    await page.getByRole('radio', { name: 'Hands free' }).check();
    await expect.poll(() => sentRequests(log, 'voiceSetMode').map(({ params }) => params.mode), { timeout: 5_000, message: 'mode sent' }).toContain('hands_free');

    await startMicrophone(page);
    const bar = page.getByRole('region', { name: 'Voice' });
    await page.locator('section.voice-bar[data-phase="listening"]').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${ARTIFACTS_DIR}/voice-hands-free-listening.png`, fullPage: true });

    const turn = await answeredVoiceTurn(page, 30_000);
    expect(await turn.getByTestId('question').textContent()).toBe(QUESTION);

    // Main spoke the answer and the page played it: the chunks came, the player reported them
    // started and ended, and the first chunk is speech, not silence.
    const final = voiceNotices(log).find((notice) => notice.kind === 'user_transcript' && notice.final && notice.text === QUESTION);
    expect(final?.runId).toBeTruthy();
    const runId = final!.runId!;
    const chunksOf = () => pushedEvents(log, 'audioOut').filter(({ payload }) => payload.runId === runId);
    await expect.poll(() => chunksOf().length, { timeout: 15_000 }).toBeGreaterThan(0);
    const chunks = chunksOf();
    const firstRms = pcm16Rms(String(chunks[0]!.payload.pcm16));
    // About -50 dBFS: espeak-ng's speech is far louder, silence is 0.
    expect(firstRms).toBeGreaterThan(100);
    await expect
      .poll(() => sentRequests(log, 'voicePlayback').filter(({ params }) => params.runId === runId).map(({ params }) => params.event), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['started', 'ended']));
    // Main opens the run once the speech has ended ('listening' belongs to no run yet).
    const phases = voiceNotices(log).filter((notice) => notice.kind === 'phase' && notice.runId === runId).map((notice) => notice.phase);
    expect(phases.slice(0, 3)).toEqual(['transcribing', 'thinking', 'speaking']);
    expect(await bar.getAttribute('data-phase')).not.toBe('interrupted');
    expect(voiceNotices(log).filter((notice) => notice.kind === 'error')).toEqual([]);
    expect(sentRequests(log, 'voiceInterrupt')).toEqual([]);

    await openInspector(page);
    const routing = page.getByRole('region', { name: 'Routing' });
    await expect.poll(() => routing.getByTestId('route-candidate').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await routing.getByTestId('route-candidate').first().textContent()).toContain('calculator');
    const traceRows = page.getByRole('region', { name: 'Trace' }).getByTestId('trace-row');
    await expect.poll(() => traceRows.count(), { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    expect((await traceRows.allTextContents()).join(' | ')).toMatch(/calculator/);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/voice-hands-free-answered.png`, fullPage: true });

    const traceId = pushedEvents(log, 'trace').map(({ payload }) => payload).find((trace) => trace.query === QUESTION)?.id;
    expect(typeof traceId).toBe('string');
    const timings = await voiceTimings(page, String(traceId));
    expect(timings.fromSpeech).toBe(true);
    expect(timings.interrupted).toBe(false);
    expect(timings.voiceToVoiceMs).toBeGreaterThan(0);
    // With the timings in, the waterfall runs from the end of speech to the end of playback.
    const rowNames = async () => (await page.getByRole('region', { name: 'Trace' }).locator('.trace-row-name').allTextContents()).join(' | ');
    await expect.poll(rowNames, { timeout: 10_000 }).toMatch(/^End of speech \| Speech recognition \| Cache .*calculator.* \| Speech synthesis \| Playback$/);
    await page.getByRole('region', { name: 'Trace' }).screenshot({ path: `${ARTIFACTS_DIR}/voice-hands-free-trace.png` });
    recordMetrics({
      hands_free_voice_to_voice_ms: round(timings.voiceToVoiceMs!),
      ...(timings.sttFinalMs !== null && { hands_free_stt_final_ms: round(timings.sttFinalMs) }),
      ...(timings.firstAudioSentMs !== null && { hands_free_first_audio_sent_ms: round(timings.firstAudioSentMs) }),
      hands_free_first_chunk_rms: Math.round(firstRms),
    });
    await stopMicrophone(page);
  });

  it('push-to-talk: nothing is heard until the key goes down; releasing it ends the turn', async () => {
    const { page, log } = await openPage(pushToTalkWav);
    await page.getByRole('radio', { name: 'Push to talk' }).check();
    await startMicrophone(page);
    // The talk key is ignored on controls and text fields: the page itself has the focus.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const transcribedBefore = recognized.length;

    // The fake microphone plays the question (the renderer's VAD hears it start and end) and it
    // goes to main, yet nothing is transcribed while the key is up.
    await expect.poll(() => speechStarts(page), { timeout: 20_000, message: 'speech before the key' }).toBeGreaterThan(0);
    await expect.poll(() => hearingSpeech(page), { timeout: 10_000, message: 'speech before the key ended' }).toBe(false);
    await expect.poll(() => sentRequests(log, 'voiceAudio').length, { timeout: 5_000 }).toBeGreaterThan(10);
    expect(recognized.length).toBe(transcribedBefore);
    expect(voiceNotices(log).filter((notice) => notice.kind === 'user_transcript')).toEqual([]);

    // Hold the key through one whole utterance: from the VAD's next speech start to its end.
    const startsBefore = await speechStarts(page);
    await page.keyboard.down('Space');
    const talkButton = page.getByTestId('talk-button');
    await expect.poll(() => talkButton.getAttribute('aria-pressed'), { timeout: 5_000, message: 'talk button held' }).toBe('true');
    await expect.poll(() => sentRequests(log, 'voiceTalk').map(({ params }) => params.action), { timeout: 5_000, message: 'press sent' }).toEqual(['press']);
    await expect.poll(() => speechStarts(page), { timeout: 10_000, message: 'speech while held' }).toBeGreaterThan(startsBefore);
    await page.screenshot({ path: `${ARTIFACTS_DIR}/voice-push-to-talk-held.png`, fullPage: true });
    await expect.poll(() => hearingSpeech(page), { timeout: 10_000, message: 'held speech ended' }).toBe(false);
    await page.keyboard.up('Space');
    const releasedAt = performance.now();
    await expect.poll(() => sentRequests(log, 'voiceTalk').map(({ params }) => params.action), { timeout: 5_000, message: 'release sent' }).toEqual(['press', 'release']);
    await expect.poll(() => talkButton.getAttribute('aria-pressed'), { timeout: 5_000 }).toBe('false');
    // The audio still waiting for a full batch went out just before the release, on the same socket.
    const sentOrder = log.sent.map(({ frame }) => (frame.method === 'voiceTalk' ? `voiceTalk:${String(frame.params?.action)}` : frame.method));
    expect(sentOrder[sentOrder.indexOf('voiceTalk:release') - 1]).toBe('voiceAudio');

    await expect
      .poll(() => voiceNotices(log).find((notice) => notice.kind === 'user_transcript' && notice.final), { timeout: 15_000 })
      .toBeTruthy();
    const transcript = voiceNotices(log).find((notice) => notice.kind === 'user_transcript' && notice.final)!;
    expect(transcript.text).toBe(QUESTION);
    // The looping file keeps talking over the answer: in push-to-talk mode that must not interrupt it.
    await answeredVoiceTurn(page, 15_000);
    const runId = transcript.runId!;
    await expect
      .poll(() => sentRequests(log, 'voicePlayback').filter(({ params }) => params.runId === runId).map(({ params }) => params.event), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['started', 'ended']));
    expect(voiceNotices(log).filter((notice) => notice.kind === 'error')).toEqual([]);
    expect(sentRequests(log, 'voiceInterrupt')).toEqual([]);

    // Exactly one recognition, of the held stretch: speech, not silence.
    expect(recognized.length).toBe(transcribedBefore + 1);
    const uploaded = recognized.at(-1)!;
    const uploadedRms = pcm16Rms(Buffer.from(uploaded.samples.buffer, uploaded.samples.byteOffset, uploaded.samples.byteLength).toString('base64'));
    expect(uploadedRms).toBeGreaterThan(100);

    const traceId = pushedEvents(log, 'trace').map(({ payload }) => payload).find((trace) => trace.query === QUESTION)?.id;
    const timings = await voiceTimings(page, String(traceId));
    recordMetrics({
      push_to_talk_release_to_transcript_ms: round(transcript.at - releasedAt),
      ...(timings.sttFinalMs !== null && { push_to_talk_stt_final_ms: round(timings.sttFinalMs) }),
      push_to_talk_voice_to_voice_ms: round(timings.voiceToVoiceMs!),
      push_to_talk_uploaded_seconds: Math.round((uploaded.samples.length / uploaded.sampleRate) * 100) / 100,
    });
    await page.screenshot({ path: `${ARTIFACTS_DIR}/voice-push-to-talk-answered.png`, fullPage: true });
  });
});
