// Which key events hold and release push-to-talk, as a pure decision the hook applies.

export type TalkKeyEvent = {
  type: 'keydown' | 'keyup';
  /** KeyboardEvent.code: the physical key, so the layout does not matter. */
  code: string;
  repeat: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
};

/** What the focused element is, as far as the talk key is concerned. */
export type FocusKind = 'text' | 'control' | 'other';

export type TalkKeyContext = {
  /** settings.voice.pushToTalkKey (a KeyboardEvent.code). */
  key: string;
  enabled: boolean;
  held: boolean;
  focus: FocusKind;
};

/**
 * Press on the first keydown of the configured key, release on its keyup. Ignored while typing in
 * a text field, with a modifier (the app's and the system's shortcuts), and for Space or Enter on a
 * focused control, which those keys activate. A release always goes through: the key must never
 * stay held because focus moved.
 */
export function talkKeyAction(event: TalkKeyEvent, context: TalkKeyContext): 'press' | 'release' | null {
  if (event.code !== context.key) return null;
  if (event.type === 'keyup') return context.held ? 'release' : null;
  if (!context.enabled || context.held || event.repeat) return null;
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  if (context.focus === 'text') return null;
  if (context.focus === 'control' && (event.code === 'Space' || event.code === 'Enter' || event.code === 'NumpadEnter')) return null;
  return 'press';
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);

/** Classifies an element by tag, input type and contenteditable (no DOM types needed to test it). */
export function focusKind(element: { tagName: string; type?: string; isContentEditable?: boolean } | null): FocusKind {
  if (element === null) return 'other';
  if (element.isContentEditable) return 'text';
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA') return 'text';
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has((element.type ?? 'text').toLowerCase()) ? 'text' : 'control';
  if (tag === 'SELECT' || tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') return 'control';
  return 'other';
}

/** `KeyT` -> `T`, `Digit4` -> `4`, `Space` -> `Space`, `F8` -> `F8`. */
export function keyLabel(code: string): string {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1]!;
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (digit) return digit[1]!;
  return code.replace(/(Left|Right)$/, ' ($1)');
}
