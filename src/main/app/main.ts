import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, safeStorage, session, type Tray } from 'electron';
import { openElectronSecretStore } from '../adapters/secrets/electron-secret-store.ts';
import { systemClock } from '../adapters/system/system-clock.ts';
import { createAssistantHost, type AssistantHost } from '../host/assistant-host.ts';
import { PRODUCT_NAME } from '../host/paths.ts';
import { registerIpc, windowClientId } from './ipc.ts';
import { createMainWindow } from './main-window.ts';
import { lockDownContents, restrictPermissions, trustedUrlCheck } from './security.ts';
import { createTray } from './tray.ts';

// The Electron shell: windows, tray, IPC wiring. Everything else lives in the host and the core.

const outDir = join(import.meta.dirname, '..');
const resourcesDir = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources');
const configDir = app.isPackaged ? join(process.resourcesPath, 'config') : join(app.getAppPath(), 'config');
const iconPath = join(resourcesDir, 'icon.png');
const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(outDir, 'renderer', 'index.html')).href;
const isTrusted = trustedUrlCheck(rendererUrl);

app.setName(PRODUCT_NAME);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let host: AssistantHost | null = null;
  // Held for the app's lifetime: a tray that is garbage-collected disappears.
  let tray: Tray | null = null;
  let mainWindow: BrowserWindow | null = null;

  const showWindow = () => {
    if (!host) return;
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow({
        rendererUrl,
        preloadPath: join(outDir, 'preload', 'index.cjs'),
        iconPath,
        isTrusted,
        onClosed: (id) => host?.clientGone(windowClientId(id)),
      });
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, isTrusted));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', showWindow);
  app.on('will-quit', () => {
    host?.close();
    host = null;
  });

  void app.whenReady().then(async () => {
    const dataDir = process.env.ASSISTANT_DATA_DIR ?? app.getPath('userData');
    // safeStorage is usable only once the app is ready.
    const secrets = await openElectronSecretStore({ safeStorage, path: join(dataDir, 'secrets.safe-storage.json'), now: systemClock.now });
    host = createAssistantHost({
      kind: 'electron',
      appName: PRODUCT_NAME,
      appVersion: app.getVersion(),
      dataDir,
      configDir,
      versions: { electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null },
      clock: systemClock,
      env: process.env,
      secrets,
      logToStderr: !app.isPackaged,
    });
    restrictPermissions(session.defaultSession, isTrusted);
    registerIpc(host, isTrusted);
    tray = tryCreateTray();
    showWindow();
  });

  function tryCreateTray(): Tray | null {
    if (tray) return tray;
    try {
      return createTray(iconPath, { show: showWindow, quit: () => app.quit() });
    } catch (error) {
      // Some Linux desktops have no status area; the app works without a tray.
      host?.logger.warn({ code: 'tray_unavailable', err: error }, 'no tray icon');
      return null;
    }
  }
}
