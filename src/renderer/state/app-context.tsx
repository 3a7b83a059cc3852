import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppActions } from './app-actions.ts';
import type { AppState, AppStore } from './app-store.ts';

type AppContextValue = { store: AppStore; actions: AppActions };

const AppContext = createContext<AppContextValue | null>(null);

export function AppProvider({ store, actions, children }: AppContextValue & { children: ReactNode }) {
  return <AppContext value={{ store, actions }}>{children}</AppContext>;
}

function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useAppState and useAppActions need an <AppProvider> above them');
  return value;
}

/** Select a stable slice (a field, not a new object) so React re-renders only when it changes. */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector);
}

export function useAppActions(): AppActions {
  return useAppContext().actions;
}

export function useAppStore(): AppStore {
  return useAppContext().store;
}
