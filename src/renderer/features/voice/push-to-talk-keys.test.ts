import { describe, expect, it } from 'vitest';
import { focusKind, keyLabel, talkKeyAction, type TalkKeyContext, type TalkKeyEvent } from './push-to-talk-keys.ts';

const key = (type: 'keydown' | 'keyup', code: string, extra: Partial<TalkKeyEvent> = {}): TalkKeyEvent => ({
  type,
  code,
  repeat: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...extra,
});
const context = (extra: Partial<TalkKeyContext> = {}): TalkKeyContext => ({ key: 'Space', enabled: true, held: false, focus: 'other', ...extra });

describe('talkKeyAction', () => {
  it('presses on the configured key and releases on its keyup', () => {
    expect(talkKeyAction(key('keydown', 'Space'), context())).toBe('press');
    expect(talkKeyAction(key('keyup', 'Space'), context({ held: true }))).toBe('release');
    expect(talkKeyAction(key('keydown', 'KeyT'), context({ key: 'KeyT' }))).toBe('press');
  });

  it('ignores other keys, repeats, a second press and keyups of a key not held', () => {
    expect(talkKeyAction(key('keydown', 'KeyA'), context())).toBeNull();
    expect(talkKeyAction(key('keydown', 'Space', { repeat: true }), context())).toBeNull();
    expect(talkKeyAction(key('keydown', 'Space'), context({ held: true }))).toBeNull();
    expect(talkKeyAction(key('keyup', 'Space'), context())).toBeNull();
  });

  it('leaves typing, shortcuts and focused controls alone, and hands-free mode off', () => {
    expect(talkKeyAction(key('keydown', 'Space'), context({ focus: 'text' }))).toBeNull();
    expect(talkKeyAction(key('keydown', 'Space', { ctrlKey: true }), context())).toBeNull();
    expect(talkKeyAction(key('keydown', 'Space', { metaKey: true }), context())).toBeNull();
    expect(talkKeyAction(key('keydown', 'Space'), context({ focus: 'control' }))).toBeNull();
    // A key that does not activate the focused control still talks.
    expect(talkKeyAction(key('keydown', 'F8'), context({ key: 'F8', focus: 'control' }))).toBe('press');
    expect(talkKeyAction(key('keydown', 'Space'), context({ enabled: false }))).toBeNull();
  });

  it('always releases a held key, wherever the focus went', () => {
    expect(talkKeyAction(key('keyup', 'Space'), context({ held: true, focus: 'text', enabled: false }))).toBe('release');
  });
});

describe('focusKind', () => {
  it('tells text fields from controls', () => {
    expect(focusKind({ tagName: 'INPUT', type: 'text' })).toBe('text');
    expect(focusKind({ tagName: 'input', type: 'password' })).toBe('text');
    expect(focusKind({ tagName: 'TEXTAREA' })).toBe('text');
    expect(focusKind({ tagName: 'DIV', isContentEditable: true })).toBe('text');
    expect(focusKind({ tagName: 'INPUT', type: 'radio' })).toBe('control');
    expect(focusKind({ tagName: 'BUTTON', type: 'button' })).toBe('control');
    expect(focusKind({ tagName: 'SELECT' })).toBe('control');
    expect(focusKind({ tagName: 'BODY' })).toBe('other');
    expect(focusKind(null)).toBe('other');
  });
});

describe('keyLabel', () => {
  it('names keys the way a keyboard shows them', () => {
    expect(keyLabel('Space')).toBe('Space');
    expect(keyLabel('KeyT')).toBe('T');
    expect(keyLabel('Digit4')).toBe('4');
    expect(keyLabel('F8')).toBe('F8');
    expect(keyLabel('ControlRight')).toBe('Control (Right)');
  });
});
