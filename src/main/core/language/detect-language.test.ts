import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language.ts';
import { observeLanguage, replyLanguage, startingLanguage } from './session-language.ts';

describe('language detection', () => {
  it.each([
    ['what time is it in Tokyo', 'en'],
    ['quelle heure est-il à Tokyo', 'fr'],
    ['wie spät ist es in Tokio', 'de'],
    ['qué hora es en Tokio', 'es'],
    ['combien font 17 fois 23', 'fr'],
    ['pon un temporizador de 10 minutos', 'es'],
    ['stell einen Timer auf 10 Minuten', 'de'],
    ['how many days until christmas', 'en'],
  ])('%s -> %s, reliably', (text, language) => {
    expect(detectLanguage(text)).toMatchObject({ language, reliable: true });
  });

  it('names the language of a word or two, but not reliably; digits alone have none', () => {
    expect(detectLanguage('hola')).toMatchObject({ language: 'es', reliable: false });
    expect(detectLanguage('danke')).toMatchObject({ language: 'de', reliable: false });
    expect(detectLanguage('merci')).toMatchObject({ language: 'fr', reliable: false });
    expect(detectLanguage('2 hoch 10')).toMatchObject({ language: null, guess: 'de' });
    expect(detectLanguage('und 20?')).toMatchObject({ language: 'de', reliable: false });
    expect(detectLanguage('17*23')).toEqual({ language: null, reliable: false, guess: null });
  });
});

describe('the session language', () => {
  const french = { language: 'fr' as const, reliable: true };
  it('switches after N reliable detections in a row, not on one stray sentence or word', () => {
    let state = startingLanguage('en');
    state = observeLanguage(state, french, 2, false);
    expect(state.current).toBe('en');
    state = observeLanguage(state, { language: 'en', reliable: true }, 2, false);
    state = observeLanguage(state, french, 2, false);
    state = observeLanguage(state, { language: 'de', reliable: false }, 2, false);
    expect(state.current).toBe('en');
    state = observeLanguage(state, french, 2, false);
    expect(state.current).toBe('fr');
  });

  it('takes the first reliable detection of a new session at once; answers clear words in their own language', () => {
    expect(observeLanguage(startingLanguage('en'), french, 3, true).current).toBe('fr');
    expect(replyLanguage(startingLanguage('en'), french)).toBe('fr');
    expect(replyLanguage(startingLanguage('de'), { language: 'es', reliable: false })).toBe('es');
    expect(replyLanguage(startingLanguage('de'), { language: null, reliable: false })).toBe('de');
  });
});
