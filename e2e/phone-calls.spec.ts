import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { callWebhook, openMediaStream, sid } from '../src/main/adapters/telephony/twilio/testing/fake-twilio-peer.ts';
import { join } from 'node:path';
import { silence } from '../src/main/adapters/testing/speech-fixtures.ts';
import { freeUdpPort, writeMuLawWav } from '../src/main/adapters/telephony/sip/testing/peer-processes.ts';
import { runSipp } from '../src/main/adapters/telephony/sip/testing/sipp.ts';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { ARTIFACTS_DIR, launchChromium } from './support/chromium.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';
import { openInspector, showView } from './support/views.ts';

// The phone bridge from the page: switched on in Settings › Phone, a call placed by a peer that
// speaks Twilio's protocol (signed webhook, Media Stream) or by sipp over SIP against the host
// process, seen in the inspector's Calls, and hung up from there.

const AUTH_TOKEN = '0123456789abcdef0123456789abcdef';
let browser: Browser;
let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;

beforeAll(async () => {
  browser = await launchChromium();
  temp = makeTempDir('e2e-phone');
  host = await startHeadlessProcess(temp.path, [], { TWILIO_AUTH_TOKEN: AUTH_TOKEN });
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  temp?.remove();
});

describe('phone calls in the page', () => {
  it('turns Twilio on in Settings, shows a call in the inspector and hangs it up from there', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(host.url);
    await page.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });

    await showView(page, 'settings');
    const form = page.getByRole('form', { name: 'Settings' });
    await form.getByLabel('Answer calls through Twilio').check();
    await form.getByLabel('Public URL Twilio calls (https://…)').fill(host.origin);
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Settings saved').waitFor();
    expect(await page.getByTestId('twilio-paths').textContent()).toContain(`POST ${host.origin}/twilio/voice`);

    const callSid = sid('CA');
    const reply = await callWebhook(`${host.origin}/twilio/voice`, AUTH_TOKEN, { CallSid: callSid, From: '+15551230000', To: '+15559870000' });
    expect(reply.status).toBe(200);
    const stream = await openMediaStream(reply.streamUrl!, { authToken: AUTH_TOKEN, callSid, customParameters: reply.parameters });
    await stream.silence(400);

    await openInspector(page);
    const call = page.getByTestId('call').first();
    await expect.poll(() => call.getAttribute('data-state'), { timeout: 10_000 }).toBe('in_progress');
    expect(await call.textContent()).toContain('+15551230000');
    await page.getByRole('complementary', { name: 'Inspector' }).screenshot({ path: `${ARTIFACTS_DIR}/phone-call-live.png` });

    await call.getByRole('button', { name: 'Hang up the call from +15551230000' }).click();
    expect((await stream.closed).code).toBe(1000);
    await expect.poll(() => call.getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');
    expect(await call.textContent()).toContain('the assistant hung up');
    await page.close();
  });

  it('turns SIP on in Settings, shows a sipp call in the inspector and hangs it up from there (a BYE to sipp)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(host.url);
    await page.getByTestId('connection').filter({ hasText: /^connected$/ }).waitFor({ timeout: 20_000 });

    const port = await freeUdpPort();
    await showView(page, 'settings');
    const form = page.getByRole('form', { name: 'Settings' });
    await form.getByLabel('Answer SIP calls (UDP)').check();
    await form.getByLabel('SIP port').fill(String(port));
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Settings saved').waitFor();
    expect(await page.getByTestId('sip-address').textContent()).toContain(`sip:assistant@127.0.0.1:${port}`);

    const wav = join(temp.path, 'quiet-caller.wav');
    writeMuLawWav(wav, silence(30_000, 8000));
    const sipp = runSipp({ scenario: 'ask-only', target: { address: '127.0.0.1', port }, workDir: temp.path, sipPort: await freeUdpPort(), mediaPort: await freeUdpPort(), values: { question: wav, question_ms: 1000, answer_wait: 25_000 } });
    try {
      await openInspector(page);
      const call = page.getByTestId('call').filter({ hasText: 'SIP' }).first();
      await expect.poll(() => call.getAttribute('data-state'), { timeout: 15_000 }).toBe('in_progress');
      expect(await call.textContent()).toContain('caller1@127.0.0.1');
      await call.getByRole('button', { name: 'Hang up the call from caller1@127.0.0.1' }).click();
      await expect.poll(() => call.getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');
      expect(await call.textContent()).toContain('the assistant hung up');
      // sipp got our BYE (it answers an unexpected BYE with 200 and ends the call as failed).
      await expect.poll(() => /BYE/.test(sipp.output()) || sipp.child.exitCode !== null, { timeout: 10_000 }).toBe(true);
    } finally {
      sipp.kill();
      await page.close();
    }
  });
});
