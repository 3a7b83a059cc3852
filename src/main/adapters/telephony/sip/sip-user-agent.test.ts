import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallAudioSink } from '../call-line.ts';
import { createRefusalLog } from '../../logging/refusal-log.ts';
import { startSipUserAgent, type SipUserAgent } from './sip-user-agent.ts';
import { waitUntil } from '../../../testing/wait-until.ts';

// The endpoint under hostile input on a real socket: datagrams that are not SIP, or SIP with the
// headers that matter missing or mangled, and a flood of INVITEs. None may stop it answering.

let agent: SipUserAgent | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  await agent?.close();
  agent = undefined;
  for (const socket of sockets.splice(0)) socket.close();
});

const timers = { now: () => Date.now(), setTimer: (fn: () => void, ms: number) => { const t = setTimeout(fn, ms); return () => clearTimeout(t); } };
const silentSink: CallAudioSink = { audio: () => undefined, dtmf: () => undefined, playbackStarted: () => undefined, playbackProgress: () => undefined, playbackEnded: () => undefined, ended: () => undefined };

async function start(ringMs = 0, isAllowedCaller: (address: string) => boolean = (address) => address === '127.0.0.1') {
  const answered: string[] = [];
  agent = await startSipUserAgent({
    bindAddress: '127.0.0.1',
    port: 0,
    user: 'assistant',
    isAllowedCaller,
    credentials: null,
    registrar: null,
    ringMs,
    maxCalls: 50,
    logger: pino({ level: 'silent' }),
    refusals: createRefusalLog(pino({ level: 'silent' }), timers),
    answer: async (call) => (answered.push(call.callId), silentSink),
    ...timers,
  });
  return { agent, answered };
}

async function client(): Promise<{ send(text: string | Buffer): void; responses: string[]; port: number }> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  const responses: string[] = [];
  socket.on('message', (datagram) => responses.push(datagram.toString()));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { send: (text) => socket.send(typeof text === 'string' ? Buffer.from(text) : text, agent!.local.port, '127.0.0.1'), responses, port: socket.address().port };
}

const sdp = (port: number) => ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');

/** `target`: the Request-URI (default: our user at our address). */
function request(method: string, port: number, callId: string, body = '', target = 'sip:assistant@127.0.0.1'): string {
  return [
    `${method} ${target} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
    `From: <sip:tester@127.0.0.1:${port}>;tag=${randomBytes(4).toString('hex')}`,
    'To: <sip:assistant@127.0.0.1>',
    `Call-ID: ${callId}`,
    `CSeq: 1 ${method}`,
    `Contact: <sip:tester@127.0.0.1:${port}>`,
    'Max-Forwards: 70',
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

const until = (condition: () => boolean, what: string, timeoutMs = 3000) => waitUntil(condition, what, timeoutMs, 10);
const statusOf = (response: string) => Number(/^SIP\/2\.0 (\d{3})/.exec(response)?.[1]);

describe('the SIP endpoint under hostile input', () => {
  it('drops what is not a whole SIP message and goes on answering', async () => {
    await start();
    const peer = await client();
    const junk = [
      randomBytes(300),
      Buffer.alloc(20_000, 'A'),
      '\r\n\r\n',
      'INVITE\r\n\r\n',
      'INVITE sip:x SIP/2.0\r\nVia: nonsense\r\n\r\n',
      request('INVITE', peer.port, 'no-cseq').replace(/CSeq: .*\r\n/, ''),
      request('INVITE', peer.port, 'bad-cseq').replace(/CSeq: .*\r\n/, 'CSeq: many INVITE\r\n'),
      request('INVITE', peer.port, 'no-call-id').replace(/Call-ID: .*\r\n/, ''),
      request('INVITE', peer.port, 'bad-sdp', 'v=0\r\nm=audio not-a-port RTP/AVP 0\r\n'),
      request('INVITE', peer.port, 'video-only', sdp(4000).replace('m=audio 4000 RTP/AVP 0', 'm=video 4000 RTP/AVP 96')),
      request('INVITE', peer.port, 'g729-only', sdp(4000).replace('RTP/AVP 0', 'RTP/AVP 18').replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:18 G729/8000')),
      request('BYE', peer.port, 'no-such-call'),
      // Lines the header parser would take seconds over (a `<` then thousands of spaces is cubic).
      request('OPTIONS', peer.port, 'slow-to').replace('To: <sip:assistant@127.0.0.1>', `To: <${' '.repeat(5000)}`),
      request('OPTIONS', peer.port, 'slow-auth').replace('Max-Forwards: 70', `Authorization: ${'x'.repeat(12_000)}`),
      // The same, seen past leading blank lines, folded lines, other whitespace and %-escaped names.
      `\r\n\r\n${request('OPTIONS', peer.port, 'slow-after-crlf').replace('To: <sip:assistant@127.0.0.1>', `To: <${' '.repeat(5000)}`)}`,
      request('OPTIONS', peer.port, 'slow-folded').replace('To: <sip:assistant@127.0.0.1>', `To: <${'\r\n                '.repeat(60)}`),
      Buffer.from(request('OPTIONS', peer.port, 'slow-nbsp').replace('To: <sip:assistant@127.0.0.1>', `To: <${'\xa0'.repeat(450)}`), 'binary'),
      request('OPTIONS', peer.port, 'slow-escaped').replace('To: <sip:assistant@127.0.0.1>', `%54o: <${' a'.repeat(500)}`),
      request('INVITE', peer.port, 'ipv6-route', sdp(4000)).replace('Max-Forwards: 70', 'Record-Route: <sip:[2001:db8::1];lr>\r\nMax-Forwards: 70'),
      request('INVITE', peer.port, 'bad-port', sdp(4000).replace('m=audio 4000', 'm=audio 70000')),
      request('INVITE', peer.port, 'named-host', sdp(4000).replace('c=IN IP4 127.0.0.1', 'c=IN IP4 media.example.com')),
      request('REGISTER', peer.port, 'not-a-registrar'),
      `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKnothing\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: stray\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`,
    ];
    for (const datagram of junk) peer.send(datagram);
    peer.send(request('OPTIONS', peer.port, 'still-there'));
    await until(() => peer.responses.some((response) => response.includes('Call-ID: still-there')), 'the OPTIONS answer');
    const byCallId = (id: string) => peer.responses.filter((response) => response.includes(`Call-ID: ${id}`)).map(statusOf);
    expect(byCallId('still-there')).toEqual([200]);
    expect(byCallId('bad-sdp')).toContain(488);
    expect(byCallId('video-only')).toContain(488);
    expect(byCallId('g729-only')).toContain(488);
    expect(byCallId('no-such-call')).toEqual([481]);
    expect(byCallId('not-a-registrar')).toEqual([405]);
    expect(byCallId('no-cseq')).toEqual([]);
    expect(byCallId('slow-to')).toEqual([]);
    expect(byCallId('slow-auth')).toEqual([]);
    for (const id of ['slow-after-crlf', 'slow-folded', 'slow-nbsp', 'slow-escaped']) expect(byCallId(id), id).toEqual([]);
    expect(byCallId('ipv6-route')).toContain(400);
    expect(byCallId('bad-port')).toContain(488);
    expect(byCallId('named-host')).toContain(488);
  });

  it('refuses an INVITE flood from one address with 503 and keeps answering the others', async () => {
    const { answered } = await start();
    const flooder = await client();
    for (let index = 0; index < 100; index++) flooder.send(request('INVITE', flooder.port, `flood-${index}`, sdp(4000 + index * 2)));
    await until(() => new Set(flooder.responses.filter((response) => statusOf(response) >= 200).map((response) => /Call-ID: (\S+)/.exec(response)?.[1])).size >= 100, 'a final answer to every INVITE', 5000);
    const finals = flooder.responses.filter((response) => statusOf(response) >= 200);
    const refused = new Set(finals.filter((response) => statusOf(response) === 503).map((response) => /Call-ID: (\S+)/.exec(response)?.[1]));
    expect(refused.size).toBeGreaterThanOrEqual(70);
    expect(finals.filter((response) => statusOf(response) === 503).every((response) => /Retry-After: 10/i.test(response))).toBe(true);
    expect(answered.length).toBeLessThanOrEqual(30);
  });

  it("answers a stranger's INVITE with one 403 and nothing else, and its other requests not at all", async () => {
    const { answered } = await start(0, () => false);
    const stranger = await client();
    stranger.send(request('INVITE', stranger.port, 'stranger-invite', sdp(4000)));
    stranger.send(request('OPTIONS', stranger.port, 'stranger-options'));
    stranger.send(request('MESSAGE', stranger.port, 'stranger-message'));
    await until(() => stranger.responses.length > 0, 'the 403');
    // Long enough for a transaction's first retransmissions (0.5 s, 1 s): there are none.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(stranger.responses.map(statusOf)).toEqual([403]);
    expect(answered).toEqual([]);
  });
});

describe('the SIP endpoint and who is called', () => {
  it('answers only its own user: 404 for an INVITE or OPTIONS to any other, its user at any of our addresses answered', async () => {
    const { answered } = await start();
    const caller = await client();
    caller.send(request('INVITE', caller.port, 'to-nobody', sdp(4000), 'sip:nobody-9931@127.0.0.1'));
    caller.send(request('OPTIONS', caller.port, 'options-nobody', '', 'sip:nobody-9931@127.0.0.1:5060'));
    // User parts are case-sensitive (RFC 3261 §19.1.4).
    caller.send(request('INVITE', caller.port, 'to-Assistant', sdp(4002), 'sip:Assistant@127.0.0.1'));
    await until(() => caller.responses.filter((response) => statusOf(response) >= 200).length === 3, 'three final answers');
    expect(caller.responses.filter((response) => statusOf(response) >= 200).map((response) => [/Call-ID: (\S+)/.exec(response)?.[1], statusOf(response)])).toEqual(
      expect.arrayContaining([['to-nobody', 404], ['options-nobody', 404], ['to-Assistant', 404]]),
    );
    expect(answered).toEqual([]);

    const asked = await client();
    // A capability query to the host itself (no user part), and our user under another name for this machine.
    asked.send(request('OPTIONS', asked.port, 'options-host', '', 'sip:127.0.0.1'));
    asked.send(request('INVITE', asked.port, 'to-assistant', sdp(4004), 'sip:assistant@voice.example.net;transport=udp'));
    await until(() => asked.responses.filter((response) => statusOf(response) === 200).length >= 2, 'the OPTIONS and the call answered');
    expect(answered).toEqual(['to-assistant']);
  });
});

describe('the SIP endpoint ending calls', () => {
  it('answers a BYE while it rings with 200, and the INVITE with 487', async () => {
    const { answered } = await start(5000);
    const caller = await client();
    caller.send(request('INVITE', caller.port, 'early-bye', sdp(4000)));
    await until(() => caller.responses.some((response) => statusOf(response) === 180), '180 Ringing');
    const ringing = caller.responses.find((response) => statusOf(response) === 180)!;
    const toTag = /^To: .*;tag=(\w+)/m.exec(ringing)![1]!;
    caller.send(request('BYE', caller.port, 'early-bye').replace('To: <sip:assistant@127.0.0.1>', `To: <sip:assistant@127.0.0.1>;tag=${toTag}`).replace('CSeq: 1 BYE', 'CSeq: 2 BYE'));
    await until(() => caller.responses.some((response) => statusOf(response) === 487), '487');
    expect(caller.responses.map(statusOf)).toEqual(expect.arrayContaining([180, 200, 487]));
    expect(answered).toEqual([]);
  });

  it('sends every answered caller a BYE when it closes', async () => {
    await start();
    const caller = await client();
    caller.send(request('INVITE', caller.port, 'to-be-closed', sdp(4000)));
    await until(() => caller.responses.some((response) => statusOf(response) === 200), '200 OK');
    await agent!.close();
    agent = undefined;
    expect(caller.responses.some((response) => response.startsWith('BYE sip:tester@127.0.0.1'))).toBe(true);
  });
});
