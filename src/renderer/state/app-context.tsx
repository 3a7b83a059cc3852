import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppActions } from './app-actions.ts';
import type { AppState, AppStore } from './app-store.ts';
import { createLayoutStore, type LayoutState, type LayoutStore } from './layout-store.ts';

type AppContextValue = { store: AppStore; actions: AppActions; layout: LayoutStore };

const AppContext = createContext<AppContextValue | null>(null);

/** `layout`: which view is shown; by default kept in this window's sessionStorage. */
export function AppProvider({ store, actions, layout, children }: Omit<AppContextValue, 'layout'> & { layout?: LayoutStore; children: ReactNode }) {
  const [ownLayout] = useState(() => layout ?? createLayoutStore());
  return <AppContext value={{ store, actions, layout: ownLayout }}>{children}</AppContext>;
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

export function useLayout<T>(selector: (state: LayoutState) => T): T {
  return useStore(useAppContext().layout, selector);
}
