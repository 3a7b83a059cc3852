import { createStore } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

// Which view the window shows and whether the inspector is open: kept per window (sessionStorage),
// so a reload shows the same place and a second window starts on the conversation.

export type AppView = 'conversation' | 'history' | 'settings';
export const APP_VIEWS: readonly { view: AppView; label: string }[] = [
  { view: 'conversation', label: 'Conversation' },
  { view: 'history', label: 'History' },
  { view: 'settings', label: 'Settings' },
];

export type LayoutState = {
  view: AppView;
  inspectorOpen: boolean;
  show(view: AppView): void;
  setInspectorOpen(open: boolean): void;
};

export const createLayoutStore = (storage: Storage | null = safeSessionStorage()) =>
  createStore<LayoutState>()(
    persist(
      (set) => ({
        view: 'conversation',
        inspectorOpen: false,
        show: (view) => set({ view }),
        setInspectorOpen: (inspectorOpen) => set({ inspectorOpen }),
      }),
      {
        name: 'assistant.layout',
        version: 1,
        ...(storage ? { storage: createJSONStorage(() => storage) } : {}),
        partialize: ({ view, inspectorOpen }) => ({ view, inspectorOpen }),
        // Only known values come back: a stored view that no longer exists would show nothing.
        merge: (stored, current) => {
          const { view, inspectorOpen } = (stored ?? {}) as Partial<LayoutState>;
          return {
            ...current,
            ...(APP_VIEWS.some((entry) => entry.view === view) ? { view } : {}),
            ...(typeof inspectorOpen === 'boolean' ? { inspectorOpen } : {}),
          };
        },
      },
    ),
  );

export type LayoutStore = ReturnType<typeof createLayoutStore>;

function safeSessionStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}
