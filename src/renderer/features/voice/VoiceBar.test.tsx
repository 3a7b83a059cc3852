import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings.ts';
import type { AppStore } from '../../state/app-store.ts';
import { renderHtml } from '../../testing/render-html.ts';
import { sampleSession } from '../../testing/fixtures.ts';
import { ConversationPanel } from '../conversation/ConversationPanel.tsx';
import { StaticMicrophone } from '../../testing/static-microphone.tsx';
import { VoiceBar } from './VoiceBar.tsx';

const connected = (store: AppStore) => {
  store.getState().setConnection('open', null);
  store.getState().setCurrentSession(sampleSession({ id: 'mine' }));
};

const turnsOf = (html: string) => html.match(/<li data-testid="turn"[\s\S]*?<\/li>(?=<li data-testid="turn"|<\/ol>)/g) ?? [];

describe('VoiceBar', () => {
  it('offers push to talk with the button and the configured key', () => {
    const html = renderHtml(<StaticMicrophone on><VoiceBar /></StaticMicrophone>, (store) => {
      connected(store);
      store.getState().receiveSettings({ ...defaultSettings(), voice: { ...defaultSettings().voice, pushToTalkKey: 'KeyT' } });
    });
    expect(html).toContain('<section class="voice-bar" aria-label="Voice" data-phase="idle" data-playing="false">');
    expect(html).toContain('Stop microphone');
    expect(html).toContain('<p class="voice-phase" role="status" aria-live="polite" data-testid="voice-phase">Idle</p>');
    expect(html).toMatch(/<legend class="visually-hidden">Voice mode<\/legend>/);
    expect(html).toMatch(/<input type="radio" name="voice-mode" checked="" value="push_to_talk"\/>Push to talk/);
    expect(html).toMatch(/<input type="radio" name="voice-mode" value="hands_free"\/>Hands free/);
    expect(html).toMatch(/<button type="button" class="talk-button" aria-pressed="false" aria-describedby="([^"]+)" data-testid="talk-button">Hold to talk<\/button><span id="\1" class="muted">or hold <kbd>T<\/kbd><\/span>/);
  });

  it('says the microphone must be started first, and offers to start it', () => {
    const html = renderHtml(<VoiceBar />, connected);
    expect(html).toMatch(/data-testid="talk-button">Hold to talk<\/button><span id="[^"]+" class="muted">Start the microphone first<\/span>/);
    expect(html).toMatch(/<button type="button" class="microphone-button primary" aria-pressed="false" disabled="">Start microphone<\/button>/);
  });

  it('in wake-word mode says the phrase to say, then that it was heard', () => {
    const waiting = renderHtml(<StaticMicrophone on><VoiceBar /></StaticMicrophone>, (store) => {
      connected(store);
      store.getState().setVoiceMode('wake_word');
      store.getState().receiveVoiceNotice({ kind: 'phase', phase: 'listening', runId: null });
    });
    expect(waiting).toContain('data-testid="wake-hint">Say “Hey Jarvis”, then your question; saying it over the answer stops it.</p>');
    const heard = renderHtml(<StaticMicrophone on><VoiceBar /></StaticMicrophone>, (store) => {
      connected(store);
      store.getState().setVoiceMode('wake_word');
      store.getState().receiveVoiceNotice({ kind: 'phase', phase: 'listening', runId: null });
      store.getState().receiveVoiceNotice({ kind: 'wake_heard', phrase: 'Hey Jarvis' });
    });
    expect(heard).toContain('<p class="voice-hint voice-wake-heard" data-testid="wake-hint">Heard “Hey Jarvis”: go ahead.</p>');
  });

  it('disables talking until the session exists', () => {
    const html = renderHtml(<VoiceBar />);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="talk-button"/);
  });

  it('shows hands-free mode, the phase, the partial transcript and a voice error', () => {
    const html = renderHtml(<StaticMicrophone on><VoiceBar /></StaticMicrophone>, (store) => {
      connected(store);
      const app = store.getState();
      app.setVoiceMode('hands_free');
      app.receiveVoiceNotice({ kind: 'phase', phase: 'transcribing', runId: 'r1' });
      app.receiveVoiceNotice({ kind: 'user_transcript', runId: 'r1', text: 'what time is', final: false });
      app.receiveVoiceNotice({ kind: 'error', runId: null, message: 'Speech recognition needs an OpenAI API key (Settings).' });
    });
    expect(html).toContain('data-phase="transcribing"');
    expect(html).toContain('data-testid="voice-phase">Transcribing…</p>');
    expect(html).toMatch(/checked="" value="hands_free"/);
    expect(html).not.toContain('Hold to talk');
    expect(html).toContain('Speak at any time; talking over the answer stops it.');
    expect(html).toContain('<p class="voice-partial" data-testid="voice-partial"><span class="turn-speaker">You</span> what time is…</p>');
    expect(html).toContain('<div role="alert" class="banner banner-error voice-error" data-testid="voice-error"><p>Speech recognition needs an OpenAI API key (Settings).</p>');
  });

  it('shows the held button as pressed', () => {
    const html = renderHtml(<VoiceBar />, (store) => {
      connected(store);
      store.getState().setTalking(true);
      store.getState().setVoicePlaying(true);
      store.getState().recordBargeInStop(9.5);
    });
    // The end-to-end tests read these.
    expect(html).toContain('data-playing="true" data-barge-in-stop-ms="9.5"');
    expect(html).toContain('aria-pressed="true"');
    expect(html).toContain('Listening… release to send');
    expect(html).toContain('data-testid="voice-phase">Listening…</p>');
  });
});

describe('spoken turns in the conversation', () => {
  it('shows the answer as spoken and marks where an interrupted one was cut', () => {
    const html = renderHtml(<ConversationPanel />, (store) => {
      connected(store);
      const app = store.getState();
      app.receiveVoiceNotice({ kind: 'user_transcript', runId: 'r1', text: 'tell me a story', final: true });
      app.receiveVoiceNotice({ kind: 'phase', phase: 'speaking', runId: 'r1' });
      app.receiveVoiceNotice({ kind: 'assistant_text', runId: 'r1', text: 'Once upon a time there was a fox.', spoken: true });
      app.receiveVoiceNotice({ kind: 'interrupted', runId: 'r1', heardText: 'Once upon a time' });
      app.receiveVoiceNotice({ kind: 'user_transcript', runId: 'r2', text: 'what is', final: true });
      app.receiveVoiceNotice({ kind: 'phase', phase: 'speaking', runId: 'r2' });
      app.receiveVoiceNotice({ kind: 'assistant_text', runId: 'r2', text: 'It is four.', spoken: true });
    });
    const [first, second] = turnsOf(html);
    expect(first).toContain('data-status="answered"');
    expect(first).toContain('<span data-testid="question">tell me a story</span><span class="badge badge-spoken">spoken</span>');
    expect(first).toContain(
      '<p data-testid="answer" class="voice-answer"><span data-testid="interrupted-answer">Once upon a time<span class="badge badge-interrupted">interrupted</span><span class="voice-unheard"><span class="visually-hidden">Not heard: </span>there was a fox.</span></span></p>',
    );
    // Still running: the text spoken so far is the draft.
    expect(second).toContain('data-status="asking"');
    expect(second).toContain('<p data-testid="draft-answer" class="voice-answer"><span>It is four.</span></p>');
    expect(second).not.toContain('Thinking…');
  });

  it('marks a spoken question cut off before any answer without an alert', () => {
    const html = renderHtml(<ConversationPanel />, (store) => {
      connected(store);
      const app = store.getState();
      app.receiveVoiceNotice({ kind: 'user_transcript', runId: 'r1', text: 'what is', final: true });
      app.receiveVoiceNotice({ kind: 'interrupted', runId: 'r1', heardText: '' });
    });
    const [turn] = turnsOf(html);
    expect(turn).toContain('data-status="failed"');
    expect(turn).toContain('<span class="badge badge-interrupted">interrupted</span> Interrupted before the answer.');
    expect(turn).not.toContain('role="alert"');
  });
});
