import type { Settings } from '../../shared/settings.ts';

export type ThemeSetting = Settings['ui']['theme'];
export type ResolvedTheme = 'light' | 'dark';

export const resolveTheme = (setting: ThemeSetting, prefersDark: boolean): ResolvedTheme =>
  setting === 'system' ? (prefersDark ? 'dark' : 'light') : setting;

/** Puts `theme-light` or `theme-dark` on <html>; with 'system' it follows the OS until the returned teardown. */
export function applyTheme(setting: ThemeSetting, root: HTMLElement = document.documentElement): () => void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    const theme = resolveTheme(setting, media.matches);
    root.classList.toggle('theme-dark', theme === 'dark');
    root.classList.toggle('theme-light', theme === 'light');
  };
  apply();
  if (setting !== 'system') return () => {};
  media.addEventListener('change', apply);
  return () => media.removeEventListener('change', apply);
}
