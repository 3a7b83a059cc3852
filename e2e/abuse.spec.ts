import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasBomb } from '../src/main/adapters/config/testing/hostile-yaml.ts';
import { speak, withSilence } from '../src/main/adapters/testing/speech-fixtures.ts';
import { REQUEST_NAMES } from '../src/shared/contract-names.ts';
import { encodeAudioFrame } from '../src/shared/ws-protocol.ts';
import { readLogText } from '../src/main/adapters/logging/log-file-names.ts';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { rawHttp, recordingSocket, residentMb, seededRandom } from './support/abuse.ts';
import { startHeadlessProcess, type HeadlessProcess } from './support/headless-process.ts';

// What a hostile web page or local program can throw at the headless host, replayed on every
// test run against the real host process on loopback: malformed HTTP, Host/Origin/Cookie games, a
// WebSocket fuzzer, and audio far faster than real time. Bounded in count; seeded, so a failure
// can be replayed. After each, the process must still run and serve, and the token must not have
// come back in anything a request without it received.

const SEED = Number(process.env.ABUSE_SEED ?? 20261202);
const HTTP_PROBES = 400;
const WS_MESSAGES = 3000;

let temp: ReturnType<typeof makeTempDir>;
let host: HeadlessProcess;
let port: number;

beforeAll(async () => {
  temp = makeTempDir('e2e-abuse');
  host = await startHeadlessProcess(temp.path);
  port = Number(new URL(host.url).port);
});

afterAll(async () => {
  await host?.stop();
  temp?.remove();
});

/** The host still runs and serves its page to the right URL. */
async function stillServing(): Promise<void> {
  expect(host.exit(), host.output().slice(-2000)).toBeNull();
  const page = await fetch(host.url);
  expect(page.status).toBe(200);
}

describe('the headless host under hostile input', () => {
  it('survives malformed requests, targets, headers and cookies, and never answers one with the token', async () => {
    const random = seededRandom(SEED);
    const fixed = [
      'GET // HTTP/1.1',
      'GET /\\ HTTP/1.1',
      'GET http://[ HTTP/1.1',
      'GET //[::1 HTTP/1.1',
      'GET /%E0%A4%A HTTP/1.1',
      'GET /t/ HTTP/1.1',
      'GET /t/%00/ HTTP/1.1',
      `GET /${'a/'.repeat(4000)} HTTP/1.1`,
      'GET * HTTP/1.1',
      'OPTIONS * HTTP/1.1',
      'CONNECT 127.0.0.1:22 HTTP/1.1',
      'GET / HTTP/9.9',
      'GET /\u0000 HTTP/1.1',
      'BREW /pot HTCPCP/1.0',
    ];
    const hosts = [`127.0.0.1:${port}`, 'evil.example', `evil.example:${port}`, '[::1', '', ' ', `127.0.0.1:${port}, evil.example`, '%zz', `localhost:${port}:1`];
    const cookies = ['assistant_token=%E0%A4%A', '%', '=;;;=', `assistant_token=${'%'.repeat(3000)}`, 'a=b; assistant_token="\\"'];
    const responses: string[] = [];
    for (let n = 0; n < HTTP_PROBES; n++) {
      const line = n < fixed.length ? fixed[n]! : random.int(3) === 0 ? random.text(1 + random.int(200)) : `${random.pick(['GET', 'HEAD', 'POST', 'PUT', 'DELETE'])} /${random.text(random.int(60))} HTTP/1.1`;
      const headers = [`Host: ${random.pick(hosts)}`, `Cookie: ${random.pick(cookies)}`];
      if (random.int(4) === 0) headers.push(`Origin: ${random.pick(['null', 'http://evil.example', 'file://', random.text(20)])}`);
      if (random.int(6) === 0) headers.push('Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${random.pick(['dGhlIHNhbXBsZSBub25jZQ==', random.text(10)])}`);
      if (random.int(8) === 0) headers.push(`X-${random.text(8).replace(/[^A-Za-z]/g, 'x')}: ${random.text(random.int(9000))}`);
      if (random.int(10) === 0) headers.push('Transfer-Encoding: chunked');
      responses.push(await rawHttp(port, `${line}\r\n${headers.join('\r\n')}\r\nConnection: close\r\n\r\n${random.int(5) === 0 ? random.text(300) : ''}`, 2000));
      if (random.int(20) === 0) responses.push(await rawHttp(port, random.bytes(1 + random.int(2000)), 1000));
    }
    await stillServing();
    for (const response of responses) expect(response).not.toContain(host.token);
    expect(readLogText(join(temp.path, 'logs'))).not.toContain(host.token);
  });

  it('answers a WebSocket fuzzer message by message, keeps serving, and shows nobody else its sessions', async () => {
    const random = seededRandom(SEED + 1);
    const bystander = await recordingSocket(host.socketUrl);
    bystander.socket.send(JSON.stringify({ type: 'request', id: 'b1', method: 'startSession' }));
    let fuzzer = await recordingSocket(host.socketUrl);
    const methods = [...REQUEST_NAMES, 'constructor', '__proto__', 'toString', ''];
    const values = [null, true, -1, 1e308, '', 'x'.repeat(5000), [], {}, { sessionId: 'nope' }, { __proto__: { admin: true } }, { text: '\u0000\uFFFF\uD800' }];
    let sent = 0;
    let reconnects = 0;
    for (let n = 0; n < WS_MESSAGES; n++) {
      if (fuzzer.socket.readyState !== fuzzer.socket.OPEN) {
        // Only frames over the hard 16 MB limit close the socket; none are sent here.
        reconnects++;
        fuzzer = await recordingSocket(host.socketUrl);
      }
      const kind = random.int(10);
      if (kind === 0) {
        fuzzer.socket.send(random.bytes(random.int(64)), { binary: true });
      } else if (kind === 1) {
        fuzzer.socket.send(random.text(random.int(300)));
      } else if (kind === 2) {
        fuzzer.socket.send(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
      } else if (kind === 3) {
        const sessionId = random.pick(['x', 'é'.repeat(32), random.text(64)]);
        fuzzer.socket.send(encodeAudioFrame({ id: random.int(2 ** 32), sessionId: sessionId.slice(0, 20) || 'x', pcm16: random.bytes(2 * random.int(1000)) }), { binary: true });
      } else {
        const params = random.int(3) === 0 ? random.pick(values) : { sessionId: random.pick(['', 'x', random.text(70)]), text: random.text(random.int(100)), limit: random.pick(values), provider: random.pick(['openai', 'evil']) };
        const id = random.pick([n, `s${n}`, null, {}, 'x'.repeat(100)]);
        fuzzer.socket.send(JSON.stringify({ type: random.int(8) === 0 ? 'reply' : 'request', id, method: random.pick(methods), params }));
      }
      sent++;
      // Read the replies now and then, as a page would; a client that never reads is paused instead.
      if (n % 200 === 199) await expect.poll(() => fuzzer.replies(), { timeout: 20_000 }).toBeGreaterThan(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reconnects).toBe(0);
    await expect.poll(() => fuzzer.replies(), { timeout: 30_000 }).toBe(sent);
    expect(fuzzer.messages.filter((m) => m?.type === 'reply' && m.result?.error?.code === 'internal').map((m) => JSON.stringify(m))).toEqual([]);

    // Still a working assistant: a question in a new session is answered.
    const session = await new Promise<string>((resolve) => {
      fuzzer.socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { id?: unknown; result?: { value?: { id?: string } } };
        if (message.id === 'ok-1') resolve(message.result!.value!.id!);
      });
      fuzzer.socket.send(JSON.stringify({ type: 'request', id: 'ok-1', method: 'startSession' }));
    });
    fuzzer.socket.send(JSON.stringify({ type: 'request', id: 'ok-2', method: 'ask', params: { sessionId: session, text: 'what is 6 times 7' } }));
    await expect.poll(() => fuzzer.messages.find((m) => m?.id === 'ok-2')?.result?.ok, { timeout: 15_000 }).toBe(true);

    const bystanderSession = (bystander.messages.find((m) => m?.id === 'b1') as { result?: { value?: { id?: string } } } | undefined)?.result?.value?.id;
    const foreign = bystander.messages.filter((m) => (m?.event === 'turnChunk' || m?.event === 'trace') && m.payload?.sessionId !== bystanderSession);
    expect(foreign).toEqual([]);
    for (const text of [...fuzzer.raw, ...bystander.raw]) expect(text).not.toContain(host.token);
    fuzzer.socket.close();
    bystander.socket.close();
    await stillServing();
  });

  it('takes audio at many times real time without piling it up: frames beyond the backlog are refused', async () => {
    const client = await recordingSocket(host.socketUrl);
    const request = (id: string, method: string, params?: unknown) => client.socket.send(JSON.stringify({ type: 'request', id, method, params }));
    request('s', 'startSession');
    await expect.poll(() => client.messages.find((m) => m?.id === 's')).toBeTruthy();
    const sessionId = (client.messages.find((m) => m?.id === 's') as unknown as { result: { value: { id: string } } }).result.value.id;
    request('m', 'voiceSetMode', { sessionId, mode: 'hands_free' });
    await expect.poll(() => client.messages.find((m) => m?.id === 'm')?.result?.ok, { timeout: 15_000 }).toBe(true);

    // 60 s of audio (speech and silence) sent as fast as the socket takes it.
    const spoken = withSilence(await speak('what time is it in Tokyo'), { beforeMs: 500, afterMs: 2000 });
    const frame = 1600;
    const before = await residentMb(host.pid);
    let id = 0;
    const frames = 600;
    for (let n = 0; n < frames; n++) {
      const offset = (n * frame) % (spoken.audio.samples.length - frame);
      const samples = spoken.audio.samples.subarray(offset, offset + frame);
      client.socket.send(encodeAudioFrame({ id: id++, sessionId, pcm16: new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength) }), { binary: true });
    }
    await expect.poll(() => client.messages.filter((m) => m?.type === 'reply' && typeof m.id === 'number').length, { timeout: 60_000 }).toBe(frames);
    const refused = client.messages.filter((m) => m?.type === 'reply' && m.result?.error?.code === 'too_many_requests').length;
    const growthMb = (await residentMb(host.pid)) - before;
    console.log(`audio flood: ${frames} frames (${(frames * frame) / 16000} s of audio) at once, ${refused} refused, resident memory +${growthMb.toFixed(1)} MB`);
    expect(refused).toBeGreaterThan(frames / 2);
    expect(client.messages.filter((m) => m?.type === 'reply' && m.result?.error?.code === 'internal')).toEqual([]);
    client.socket.close();
    await stillServing();
  });

  it('starts and serves with an alias bomb and a 4 MB file as its settings, naming each problem', async () => {
    await host.stop();
    writeFileSync(join(temp.path, 'settings.yaml'), aliasBomb());
    writeFileSync(join(temp.path, 'agents.yaml'), `agents:\n${'  - x: 1\n'.repeat(400_000)}`);
    host = await startHeadlessProcess(temp.path);
    await stillServing();
    const client = await recordingSocket(host.socketUrl);
    client.socket.send(JSON.stringify({ type: 'request', id: 'st', method: 'getStatus' }));
    await expect.poll(() => client.messages.find((m) => m?.id === 'st')).toBeTruthy();
    const status = client.messages.find((m) => m?.id === 'st') as unknown as { result: { ok: boolean; value: { configErrors: { file: string; message: string }[] } } };
    expect(status.result.ok).toBe(true);
    const problems = status.result.value.configErrors.map((error) => `${error.file}: ${error.message}`).join('\n');
    expect(problems).toMatch(/settings\.yaml: .*alias/i);
    expect(problems).toMatch(/agents\.yaml: .*256 KiB/);
    client.socket.close();
  });

  it('starts on a damaged database, keeps the damaged file aside and says so in Status', async () => {
    // Some history first, then 16 KiB of garbage written over the middle of the file.
    const writer = await recordingSocket(host.socketUrl);
    writer.socket.send(JSON.stringify({ type: 'request', id: 's', method: 'startSession' }));
    await expect.poll(() => writer.messages.find((m) => m?.id === 's')).toBeTruthy();
    const sessionId = (writer.messages.find((m) => m?.id === 's') as unknown as { result: { value: { id: string } } }).result.value.id;
    for (let n = 0; n < 40; n++) writer.socket.send(JSON.stringify({ type: 'request', id: `a${n}`, method: 'ask', params: { sessionId, text: `what is ${n} times ${n + 3}` } }));
    await expect.poll(() => writer.messages.filter((m) => typeof m?.id === 'string' && String(m.id).startsWith('a')).length, { timeout: 30_000 }).toBe(40);
    writer.socket.close();
    await host.stop();
    const path = join(temp.path, 'assistant.sqlite');
    const file = await open(path, 'r+');
    await file.write(seededRandom(SEED + 2).bytes(16 * 1024), 0, 16 * 1024, Math.floor(statSync(path).size / 2));
    await file.close();

    host = await startHeadlessProcess(temp.path);
    await stillServing();
    expect(readdirSync(temp.path).filter((name) => name.startsWith('assistant.corrupt-'))).not.toEqual([]);
    const client = await recordingSocket(host.socketUrl);
    client.socket.send(JSON.stringify({ type: 'request', id: 'st', method: 'getStatus' }));
    await expect.poll(() => client.messages.find((m) => m?.id === 'st')).toBeTruthy();
    const status = client.messages.find((m) => m?.id === 'st') as unknown as { result: { value: { storage: { problems: { kind: string; quarantinedAs: string | null }[] } } } };
    expect(status.result.value.storage.problems).toEqual([expect.objectContaining({ kind: 'corrupt', quarantinedAs: expect.stringContaining('assistant.corrupt-') })]);
    client.socket.close();
  });
});
