import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract-names.ts';
import type { TurnChunk } from '../../shared/contract.ts';
import type { TurnTrace } from '../../shared/trace.ts';
import type { AudioOut, VoiceEventPayload } from '../../shared/voice.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../adapters/testing/fake-openai-server.ts';
import { speak, withSilence } from '../adapters/testing/speech-fixtures.ts';
import type { AssistantHost } from './assistant-host.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';

// A spoken turn through the host's contract, as a renderer drives it: microphone frames in
// (base64 PCM16, 20 ms each), Silero VAD, STT by the real OpenAI adapter against the fake server,
// the voice orchestrator with the local specialists, espeak-ng speech out as audioOut events.

let server: FakeOpenAiServer | undefined;
let host: AssistantHost | undefined;
let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  host?.close();
  await server?.close();
  temp?.remove();
});

const FRAME = 320; // 20 ms at 16 kHz

describe('voice through the host', () => {
  it('hears a question, answers it and streams the spoken answer to the client that asked', async () => {
    let heardSamples = 0;
    server = await startFakeOpenAiServer({
      transcription: (request) => {
        heardSamples = request.audio.samples.length;
        return { kind: 'transcript', text: 'what is twelve times seven' };
      },
      chat: () => ({ kind: 'error', status: 503, message: 'no chat model in this test' }),
    });
    temp = makeTempDir('voice-host');
    writeFileSync(join(temp.path, 'settings.yaml'), `voice:\n  mode: hands_free\nproviders:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    host = createTestHost(temp.path);
    const events: { event: EventName; payload: unknown; isFor: (clientId: string) => boolean }[] = [];
    const client = { clientId: 'window-1' };
    host.subscribe((event, payload, isFor) => {
      events.push({ event, payload, isFor });
      // Play each chunk at once, reporting it as a renderer does.
      if (event === 'audioOut') {
        const { sessionId: id, runId, chunkId } = payload as AudioOut;
        void host!.dispatch('voicePlayback', { sessionId: id, runId, chunkId, event: 'started' }, client).then(() =>
          host!.dispatch('voicePlayback', { sessionId: id, runId, chunkId, event: 'ended' }, client),
        );
      }
    });
    const session = await host.dispatch('startSession', undefined, client);
    const sessionId = (session as { ok: true; value: { id: string } }).value.id;

    const question = withSilence(await speak('what is twelve times seven'), { beforeMs: 300, afterMs: 900 });
    for (let offset = 0; offset < question.audio.samples.length; offset += FRAME) {
      const frame = question.audio.samples.subarray(offset, offset + FRAME);
      const pcm16 = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString('base64');
      const reply = await host.dispatch('voiceAudio', { sessionId, pcm16 }, client);
      expect(reply.ok).toBe(true);
    }

    const audioOut = () => events.filter((e) => e.event === 'audioOut').map((e) => e.payload as AudioOut);
    await expect.poll(() => audioOut().length, { timeout: 15_000 }).toBeGreaterThan(0);
    const notices = events.filter((e) => e.event === 'voice').map((e) => (e.payload as VoiceEventPayload).notice);
    expect(notices).toContainEqual(expect.objectContaining({ kind: 'user_transcript', text: 'what is twelve times seven', final: true }));
    const voiceNotices = () => events.filter((e) => e.event === 'voice').map((e) => (e.payload as VoiceEventPayload).notice);
    await expect.poll(() => voiceNotices().some((n) => n.kind === 'assistant_text' && n.spoken && /84|eighty-four/i.test(n.text))).toBe(true);
    await expect.poll(() => voiceNotices().filter((n) => n.kind === 'phase').at(-1)).toMatchObject({ phase: 'listening' });
    // The turn's trace is stored again with the voice timings once the answer has played.
    const timedTrace = () => events.map((e) => e.payload as TurnTrace).find((t) => t && 'voice' in t && t.voice?.voiceToVoiceMs != null);
    await expect.poll(timedTrace).toBeDefined();
    const stored = await host.dispatch('getTrace', { id: timedTrace()!.id }, client);
    expect(stored).toMatchObject({ ok: true, value: { voice: { fromSpeech: true, sttFinalMs: expect.any(Number) } } });
    // The utterance reached STT whole: about the speech's length plus the VAD's padding.
    expect(heardSamples / 16).toBeGreaterThan(question.speechEndMs - question.speechStartMs);
    // Voice events and audio go only to the client that owns the session.
    const voiceEvents = events.filter((e) => ['voice', 'audioOut', 'audioStop'].includes(e.event));
    expect(voiceEvents.every((e) => e.isFor('window-1') && !e.isFor('window-2'))).toBe(true);
    expect(audioOut()[0]!.sampleRate).toBe(22050);
    // The answer's chunks name the voice run that asked, so the page puts them on the spoken turn.
    const final = notices.find((n) => n.kind === 'user_transcript' && n.final) as { runId: string };
    const chunks = events.filter((e) => e.event === 'turnChunk').map((e) => e.payload as TurnChunk);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((chunk) => chunk.voiceRunId === final.runId)).toBe(true);

    const other = await host.dispatch('voiceAudio', { sessionId, pcm16: '' }, { clientId: 'someone-else' });
    expect(other).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps one conversation: a spoken follow-up sees the typed turn before it, and the next typed turn sees it', async () => {
    const chats: { role: string; content: string | null }[][] = [];
    server = await startFakeOpenAiServer({
      transcription: () => ({ kind: 'transcript', text: 'and what about the second one' }),
      chat: (body) => {
        if (body.response_format?.type === 'json_object') return { kind: 'text', content: JSON.stringify({ scores: { general: 0.9 } }) };
        chats.push(body.messages);
        return { kind: 'text', content: `Answer number ${chats.length}.` };
      },
    });
    temp = makeTempDir('voice-host');
    writeFileSync(join(temp.path, 'settings.yaml'), `voice:\n  mode: hands_free\nproviders:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    host = createTestHost(temp.path, { env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL } });
    const client = { clientId: 'window-1' };
    // Plays each chunk at once, reporting it as a renderer does.
    host.subscribe((event, payload) => {
      if (event !== 'audioOut') return;
      const { sessionId: id, runId, chunkId } = payload as AudioOut;
      void host!.dispatch('voicePlayback', { sessionId: id, runId, chunkId, event: 'started' }, client).then(() =>
        host!.dispatch('voicePlayback', { sessionId: id, runId, chunkId, event: 'ended' }, client),
      );
    });
    const sessionId = ((await host.dispatch('startSession', undefined, client)) as { ok: true; value: { id: string } }).value.id;
    const said = (messages: { content: string | null }[]) => messages.map((message) => message.content ?? '').join(' | ');

    await host.dispatch('ask', { sessionId, text: 'tell me about the first lighthouse on the coast' }, client);
    const question = withSilence(await speak('and what about the second one'), { beforeMs: 300, afterMs: 900 });
    for (let offset = 0; offset < question.audio.samples.length; offset += FRAME) {
      const frame = question.audio.samples.subarray(offset, offset + FRAME);
      await host.dispatch('voiceAudio', { sessionId, pcm16: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength) }, client);
    }
    await expect.poll(() => chats.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(said(chats[1]!)).toContain('tell me about the first lighthouse on the coast');
    expect(said(chats[1]!)).toContain('Answer number 1.');

    // Once the spoken answer is over it is stored, and a typed turn sees it.
    await expect.poll(() => host!.store.listTurns(sessionId).length, { timeout: 15_000 }).toBe(4);
    await host.dispatch('ask', { sessionId, text: 'which one is taller' }, client);
    expect(said(chats.at(-1)!)).toContain('and what about the second one');
    expect(said(chats.at(-1)!)).toContain('Answer number 2.');
  });

  it('stores an interrupted answer as what was heard, marked interrupted; the whole answer stays on the trace', async () => {
    const long = 'The first lighthouse was built on the rocks in the year eighteen ten. It stood for a hundred years. Then a storm took it down and a new one was built further along the coast.';
    server = await startFakeOpenAiServer({
      transcription: () => ({ kind: 'transcript', text: 'tell me about the lighthouse' }),
      chat: (body) => (body.response_format?.type === 'json_object' ? { kind: 'text', content: JSON.stringify({ scores: { general: 0.9 } }) } : { kind: 'text', content: long }),
    });
    temp = makeTempDir('voice-host');
    writeFileSync(join(temp.path, 'settings.yaml'), `voice:\n  mode: hands_free\nthresholds:\n  bargeInMinSpeechMs: 0\nproviders:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    host = createTestHost(temp.path, { env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL } });
    const client = { clientId: 'window-1' };
    const sessionId = ((await host.dispatch('startSession', undefined, client)) as { ok: true; value: { id: string } }).value.id;
    let interrupted = false;
    host.subscribe((event, payload) => {
      if (event !== 'audioOut' || interrupted) return;
      interrupted = true;
      // The first chunk starts playing, a second of it is heard, then the user talks over it.
      const { runId, chunkId } = payload as AudioOut;
      void (async () => {
        await host!.dispatch('voicePlayback', { sessionId, runId, chunkId, event: 'started' }, client);
        await host!.dispatch('voicePlayback', { sessionId, runId, chunkId, event: 'progress', heardMs: 1000 }, client);
        await host!.dispatch('voiceInterrupt', { sessionId }, client);
      })();
    });
    const question = withSilence(await speak('tell me about the lighthouse'), { beforeMs: 300, afterMs: 900 });
    const say = async () => {
      for (let offset = 0; offset < question.audio.samples.length; offset += FRAME) {
        const frame = question.audio.samples.subarray(offset, offset + FRAME);
        await host!.dispatch('voiceAudio', { sessionId, pcm16: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength) }, client);
      }
    };
    await say();
    await expect.poll(() => interrupted, { timeout: 15_000 }).toBe(true);
    // What the user says over the answer is a real question: the cut-off answer is stored as heard.
    await say();
    await expect.poll(() => host!.store.listTurns(sessionId).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const [user, assistant] = host.store.listTurns(sessionId);
    expect(user).toMatchObject({ role: 'user', text: 'tell me about the lighthouse' });
    expect(assistant!.interrupted).toBe(true);
    expect(assistant!.text.length).toBeGreaterThan(0);
    expect(long.startsWith(assistant!.text)).toBe(true);
    expect(assistant!.text.length).toBeLessThan(long.length);
    const trace = await host.dispatch('getTrace', { id: assistant!.runId }, client);
    expect(trace).toMatchObject({ ok: true, value: { answer: long } });
  });

  it('keeps speaking across a tool call, and a barge-in while the model continues cancels the run', async () => {
    const gates: (() => void)[] = [];
    let concierge = 0;
    server = await startFakeOpenAiServer({
      transcription: () => ({ kind: 'transcript', text: concierge === 0 ? 'what is 17 times 23' : 'and 18 times 24' }),
      chat: async (body) => {
        if (body.response_format?.type === 'json_object') return { kind: 'text', content: JSON.stringify({ scores: {} }) };
        if (!/You are the concierge/.test(body.messages[0]?.content ?? '')) return { kind: 'text', content: 'ok' };
        concierge += 1;
        const question = concierge <= 2 ? 'what is 17 times 23' : 'what is 18 times 24';
        if (concierge % 2 === 1) return { kind: 'tool_calls', content: 'Let me ask the experts.', calls: [{ name: 'consult_experts', arguments: JSON.stringify({ question }) }] };
        // The continuation after the tool waits until the test lets it go.
        await new Promise<void>((resolve) => gates.push(resolve));
        const result = body.messages.find((message) => message.role === 'tool' && message.content?.match(/\d{3}/));
        return { kind: 'text', content: `It comes to ${/\d{3}/.exec(result?.content ?? '')?.[0] ?? 'nothing'}.` };
      },
    });
    temp = makeTempDir('voice-host');
    writeFileSync(join(temp.path, 'settings.yaml'), `conversation:\n  scenario: front_desk\nvoice:\n  mode: hands_free\nthresholds:\n  bargeInMinSpeechMs: 0\nproviders:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    host = createTestHost(temp.path, { env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL } });
    const client = { clientId: 'window-1' };
    const audio: AudioOut[] = [];
    const notices: VoiceEventPayload['notice'][] = [];
    host.subscribe((event, payload) => {
      if (event === 'voice') notices.push((payload as VoiceEventPayload).notice);
      if (event !== 'audioOut') return;
      const out = payload as AudioOut;
      audio.push(out);
      void host!.dispatch('voicePlayback', { sessionId: out.sessionId, runId: out.runId, chunkId: out.chunkId, event: 'started' }, client).then(() =>
        host!.dispatch('voicePlayback', { sessionId: out.sessionId, runId: out.runId, chunkId: out.chunkId, event: 'ended' }, client),
      );
    });
    const sessionId = ((await host.dispatch('startSession', undefined, client)) as { ok: true; value: { id: string } }).value.id;
    const say = async (words: string) => {
      const question = withSilence(await speak(words), { beforeMs: 300, afterMs: 900 });
      for (let offset = 0; offset < question.audio.samples.length; offset += FRAME) {
        const frame = question.audio.samples.subarray(offset, offset + FRAME);
        await host!.dispatch('voiceAudio', { sessionId, pcm16: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength) }, client);
      }
    };
    const spoken = () => notices.flatMap((notice) => (notice.kind === 'assistant_text' && notice.spoken ? [notice.text] : []));

    await say('what is 17 times 23');
    // The words before the tool call are spoken while the tool runs and the model continues.
    await expect.poll(() => gates.length, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => spoken().join(' '), { timeout: 15_000 }).toContain('Let me ask the experts.');
    expect(audio.length).toBeGreaterThan(0);
    gates.shift()!();
    await expect.poll(() => spoken().join(' '), { timeout: 15_000 }).toContain('It comes to 391.');
    expect(new Set(audio.map((out) => out.runId)).size).toBe(1);
    await expect.poll(() => host!.store.listTurns(sessionId).map((turn) => turn.text), { timeout: 15_000 }).toEqual(['what is 17 times 23', 'Let me ask the experts. It comes to 391.']);
    const [trace] = host.store.listTurns(sessionId).slice(1).map((turn) => turn.runId);
    const stored = await host.dispatch('getTrace', { id: trace! }, client);
    expect(stored).toMatchObject({ ok: true, value: { conversation: { engine: 'llm', tools: [expect.objectContaining({ name: 'consult_experts', ok: true, result: expect.stringContaining('391') })] } } });

    await expect.poll(() => notices.filter((notice) => notice.kind === 'phase').at(-1), { timeout: 15_000 }).toMatchObject({ phase: 'listening' });
    await say('and 18 times 24');
    await expect.poll(() => gates.length, { timeout: 15_000 }).toBe(1);
    const aborted = server.abortedRequests.length;
    await host.dispatch('voiceInterrupt', { sessionId }, client);
    // The model's continuation is cancelled with the run, and nothing more of that answer is said.
    await expect.poll(() => server!.abortedRequests.length, { timeout: 15_000 }).toBeGreaterThan(aborted);
    gates.shift()!();
    expect(notices).toContainEqual(expect.objectContaining({ kind: 'interrupted' }));
    expect(spoken().join(' ')).not.toContain('432');
  });

  it("speaks the general agent's first sentence while the model is still writing the rest (the local skills asked beside it abstain)", async () => {
    const ANSWER = 'Octopuses have three hearts. Two pump blood to the gills and one to the rest of the body.';
    const audio: AudioOut[] = [];
    let audioBeforeLastWord = -1;
    server = await startFakeOpenAiServer({
      transcription: () => ({ kind: 'transcript', text: 'tell me something surprising about octopuses' }),
      chat: (body) => {
        if (body.response_format?.type === 'json_object') return { kind: 'text', content: JSON.stringify({ scores: { general: 0.9 } }) };
        return {
          kind: 'text',
          content: ANSWER,
          // The last word waits until the first sentence has been spoken (or a generous time passed).
          beforePiece: async (index, count) => {
            if (index !== count - 1) return;
            for (let waited = 0; audio.length === 0 && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
            audioBeforeLastWord = audio.length;
          },
        };
      },
    });
    temp = makeTempDir('voice-host');
    writeFileSync(join(temp.path, 'settings.yaml'), `voice:\n  mode: hands_free\nproviders:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    host = createTestHost(temp.path, { env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL } });
    const client = { clientId: 'window-1' };
    const traces: TurnTrace[] = [];
    host.subscribe((event, payload) => {
      if (event === 'trace') traces.push(payload as TurnTrace);
      if (event !== 'audioOut') return;
      const out = payload as AudioOut;
      audio.push(out);
      void host!.dispatch('voicePlayback', { sessionId: out.sessionId, runId: out.runId, chunkId: out.chunkId, event: 'started' }, client).then(() =>
        host!.dispatch('voicePlayback', { sessionId: out.sessionId, runId: out.runId, chunkId: out.chunkId, event: 'ended' }, client),
      );
    });
    const sessionId = ((await host.dispatch('startSession', undefined, client)) as { ok: true; value: { id: string } }).value.id;
    const question = withSilence(await speak('tell me something surprising about octopuses'), { beforeMs: 300, afterMs: 900 });
    for (let offset = 0; offset < question.audio.samples.length; offset += FRAME) {
      const frame = question.audio.samples.subarray(offset, offset + FRAME);
      await host.dispatch('voiceAudio', { sessionId, pcm16: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength) }, client);
    }
    await expect.poll(() => host!.store.listTurns(sessionId).map((turn) => turn.text), { timeout: 20_000 }).toEqual(['tell me something surprising about octopuses', ANSWER]);
    const general = server.requests.find((request) => request.path === '/v1/chat/completions' && (request.body as { response_format?: unknown }).response_format === undefined);
    expect(general?.body).toMatchObject({ stream: true });
    expect(audioBeforeLastWord).toBeGreaterThan(0);
    const trace = traces.find((candidate) => candidate.answer === ANSWER);
    expect(trace?.routing?.selected).toEqual(['general']);
    expect(trace?.routing?.alsoAsked?.length).toBeGreaterThan(0);
  });

  it('speaks a typed answer on request, in the voice of the window that asked', async () => {
    temp = makeTempDir('voice-host');
    host = createTestHost(temp.path);
    const client = { clientId: 'window-1' };
    const audio: AudioOut[] = [];
    host.subscribe((event, payload, isFor) => {
      if (event === 'audioOut' && isFor('window-1') && !isFor('window-2')) audio.push(payload as AudioOut);
    });
    const sessionId = ((await host.dispatch('startSession', undefined, client)) as { ok: true; value: { id: string } }).value.id;
    expect(await host.dispatch('voiceSpeak', { sessionId, text: 'Twelve times seven is eighty-four.' }, client)).toEqual({ ok: true, value: { accepted: true } });
    await expect.poll(() => audio.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(audio[0]).toMatchObject({ sessionId, sampleRate: 22050 });
    // The voices there are to pick from: OpenAI's names and espeak-ng's, with their languages.
    const voices = await host.dispatch('listVoices', undefined, client);
    expect(voices).toMatchObject({ ok: true, value: { openai: expect.arrayContaining(['alloy', 'nova']) } });
    const espeak = (voices as { ok: true; value: { espeak: { languages: string[] }[] } }).value.espeak;
    for (const language of ['en', 'fr', 'de', 'es']) expect(espeak.some((voice) => voice.languages.some((tag) => tag.startsWith(language)))).toBe(true);
    // Another window cannot make this session speak.
    expect(await host.dispatch('voiceSpeak', { sessionId, text: 'Hello.' }, { clientId: 'window-2' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('says which capability is missing, and hears the next question once a provider is saved', async () => {
    temp = makeTempDir('voice-host');
    host = createTestHost(temp.path);
    const notices: VoiceEventPayload['notice'][] = [];
    host.subscribe((event, payload) => {
      if (event === 'voice') notices.push((payload as VoiceEventPayload).notice);
    });
    const client = { clientId: 'window-2' };
    const session = await host.dispatch('startSession', undefined, client);
    const sessionId = (session as { ok: true; value: { id: string } }).value.id;
    // Chosen for this session only; the saved default stays push-to-talk.
    await host.dispatch('voiceSetMode', { sessionId, mode: 'hands_free' }, client);
    const question = withSilence(await speak('what time is it'), { beforeMs: 300, afterMs: 900 });
    const ask = async () => {
      for (let offset = 0; offset < question.audio.samples.length; offset += FRAME) {
        const frame = question.audio.samples.subarray(offset, offset + FRAME);
        await host!.dispatch('voiceAudio', { sessionId, pcm16: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength) }, client);
      }
    };
    await ask();
    await expect.poll(() => notices.find((n) => n.kind === 'transcription_failed'), { timeout: 10_000 }).toBeDefined();
    expect(notices.find((n) => n.kind === 'transcription_failed')).toMatchObject({ reason: 'no_recognizer', message: expect.stringMatching(/Speech recognition needs/) });
    await expect.poll(() => notices.filter((n) => n.kind === 'phase').at(-1)).toMatchObject({ phase: 'listening' });

    // The user points the app at a server in Settings: the same session hears the next question,
    // still hands-free.
    server = await startFakeOpenAiServer({ transcription: () => ({ kind: 'transcript', text: 'what time is it' }) });
    const saved = await host.dispatch('updateSettings', { providers: { openai: { baseURL: server.baseURL } } }, client);
    expect(saved.ok).toBe(true);
    await ask();
    await expect
      .poll(() => notices.find((n) => n.kind === 'user_transcript' && n.final), { timeout: 10_000 })
      .toMatchObject({ text: 'what time is it' });
  });
});
