import * as wavefileModule from 'wavefile';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeWav, FAKE_SPEECH_SAMPLE_RATE, startFakeOpenAiServer, tone, type FakeOpenAiServer } from './fake-openai-server.ts';

const { WaveFile } = (wavefileModule as unknown as { default?: typeof wavefileModule }).default ?? wavefileModule;

let server: FakeOpenAiServer | undefined;
afterEach(async () => server?.close());

const post = (path: string, body: RequestInit['body'], headers: Record<string, string> = {}) =>
  fetch(`${server!.baseURL}${path}`, { method: 'POST', body, headers });

// The adapters exercise the paths the SDK takes; these cover what it never sends.
describe('fake OpenAI server, audio endpoints', () => {
  it('speaks a WAV file when asked for wav, its length following the input and speed', async () => {
    server = await startFakeOpenAiServer();
    const response = await post('/audio/speech', JSON.stringify({ model: 'm', input: 'x'.repeat(25), voice: 'alloy', response_format: 'wav', speed: 2 }), {
      'content-type': 'application/json',
    });
    expect(response.headers.get('content-type')).toBe('audio/wav');
    const wav = new WaveFile(new Uint8Array(await response.arrayBuffer()));
    expect((wav.fmt as { sampleRate: number }).sampleRate).toBe(FAKE_SPEECH_SAMPLE_RATE);
    // 40 ms per character at twice the speed: 0.5 s.
    expect(wav.getSamples(false, Int16Array).length).toBe(12_000);
  });

  it('refuses formats it cannot make and requests without input', async () => {
    server = await startFakeOpenAiServer();
    const mp3 = await post('/audio/speech', JSON.stringify({ model: 'm', input: 'hi', voice: 'alloy' }));
    expect(mp3.status).toBe(400);
    const empty = await post('/audio/speech', JSON.stringify({ model: 'm', input: '', voice: 'alloy', response_format: 'pcm' }));
    expect(empty.status).toBe(400);
  });

  it('answers transcriptions as plain text when asked, and rejects audio that is not a WAV', async () => {
    server = await startFakeOpenAiServer({ transcription: (request) => ({ kind: 'transcript', text: `${request.audio.samples.length} samples` }) });
    const form = new FormData();
    form.append('model', 'whisper-1');
    form.append('response_format', 'text');
    form.append('file', new File([encodeWav({ samples: tone(100, 0.1, 8000), sampleRate: 8000 })], 'a.wav', { type: 'audio/wav' }));
    const text = await post('/audio/transcriptions', form);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toBe('800 samples');

    const mp3 = new FormData();
    mp3.append('model', 'whisper-1');
    mp3.append('file', new File([new Uint8Array([0xff, 0xfb, 0x90, 0x00])], 'a.mp3', { type: 'audio/mpeg' }));
    const refused = await post('/audio/transcriptions', mp3);
    expect(refused.status).toBe(400);
    expect(server.requests.at(-1)!.body).toMatchObject({ model: 'whisper-1', file: { name: 'a.mp3', bytes: 4 }, audio: null });

    const notMultipart = await post('/audio/transcriptions', '{}', { 'content-type': 'application/json' });
    expect(notMultipart.status).toBe(400);
  });
});
