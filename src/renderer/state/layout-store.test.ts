import { describe, expect, it } from 'vitest';
import { createLayoutStore } from './layout-store.ts';

/** The part of Storage the store uses, in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('the layout', () => {
  it('starts on the conversation with the inspector closed', () => {
    const layout = createLayoutStore(memoryStorage());
    expect(layout.getState()).toMatchObject({ view: 'conversation', inspectorOpen: false });
  });

  it('keeps the view and the inspector across a reload of the window', () => {
    const storage = memoryStorage();
    const before = createLayoutStore(storage);
    before.getState().show('settings');
    before.getState().setInspectorOpen(true);
    const after = createLayoutStore(storage);
    expect(after.getState()).toMatchObject({ view: 'settings', inspectorOpen: true });
  });

  it('ignores what it cannot read back', () => {
    const storage = memoryStorage();
    storage.setItem('assistant.layout', '{not json');
    expect(createLayoutStore(storage).getState().view).toBe('conversation');
    storage.setItem('assistant.layout', JSON.stringify({ state: { view: 'gone', inspectorOpen: 'yes' }, version: 1 }));
    expect(createLayoutStore(storage).getState()).toMatchObject({ view: 'conversation', inspectorOpen: false });
  });
});
