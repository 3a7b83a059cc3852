import { BrowserWindow } from 'electron';
import { lockDownContents, type TrustedUrlCheck } from './security.ts';

export interface MainWindowOptions {
  rendererUrl: string;
  preloadPath: string;
  iconPath: string;
  isTrusted: TrustedUrlCheck;
  onClosed: (webContentsId: number) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 360,
    minHeight: 480,
    show: false,
    title: 'Voice Assistant',
    icon: options.iconPath,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  const webContentsId = window.webContents.id;
  lockDownContents(window.webContents, options.isTrusted);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => options.onClosed(webContentsId));
  void window.loadURL(options.rendererUrl);
  return window;
}
