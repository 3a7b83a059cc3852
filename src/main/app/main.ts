import { join } from 'node:path';
import { BrowserWindow, Notification, app, dialog, globalShortcut, protocol, safeStorage, session, type Tray } from 'electron';
import { openElectronSecretStore } from '../adapters/secrets/electron-secret-store.ts';
import { systemClock } from '../adapters/system/system-clock.ts';
import { createAssistantHost, type AssistantHost } from '../host/assistant-host.ts';
import { DESKTOP_TWILIO_PORT, keepTwilioListening, type TwilioListener } from '../server/twilio-listener.ts';
import type { SecretStore } from '../ports/secret-store.ts';
import { PRODUCT_NAME } from '../host/paths.ts';
import { ipcEventChannel } from '../../shared/contract-names.ts';
import { registerIpc, windowClientId } from './ipc.ts';
import { createMainWindow } from './main-window.ts';
import { RENDERER_SCHEME, RENDERER_SCHEME_PRIVILEGES, createRendererHandler } from './renderer-protocol.ts';
import { chooseRendererUrl } from './renderer-url.ts';
import { lockDownContents, restrictPermissions, trustedUrlCheck } from './security.ts';
import { createTalkShortcut, type TalkShortcut } from './talk-shortcut.ts';
import { createTray } from './tray.ts';

// The Electron shell: windows, tray, IPC wiring. Everything else lives in the host and the core.

const outDir = join(import.meta.dirname, '..');
const resourcesDir = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources');
const configDir = app.isPackaged ? join(process.resourcesPath, 'config') : join(app.getAppPath(), 'config');
const iconPath = join(resourcesDir, 'icon.png');
// The dev server in development; the built files on the app:// scheme otherwise (renderer-protocol.ts).
const renderer = chooseRendererUrl({ isPackaged: app.isPackaged, env: process.env });
if (renderer.ignored) process.stderr.write(`${renderer.ignored}\n`);
const rendererUrl = renderer.url;
const isTrusted = trustedUrlCheck(rendererUrl);

app.setName(PRODUCT_NAME);
app.enableSandbox();
// Must happen before the app is ready.
protocol.registerSchemesAsPrivileged([RENDERER_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let host: AssistantHost | null = null;
  // Held for the app's lifetime: a tray that is garbage-collected disappears.
  let tray: Tray | null = null;
  let mainWindow: BrowserWindow | null = null;
  let talkShortcut: TalkShortcut | null = null;
  let twilioListener: TwilioListener | null = null;

  /** The OS reports no key-up for a global shortcut: the renderer toggles talking on each press. */
  const pushTalkShortcut = () => {
    const window = mainWindow;
    if (!window || window.isDestroyed() || !isTrusted(window.webContents.getURL())) return;
    window.webContents.send(ipcEventChannel('talkShortcut'), { at: systemClock.now() });
  };

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
  let callsHungUp = false;
  app.on('will-quit', (event) => {
    // SIP callers get their BYE (and the registrar our unregister) before the host goes: 3 s at most.
    if (host && !callsHungUp) {
      event.preventDefault();
      callsHungUp = true;
      const timeout = new Promise((resolve) => setTimeout(resolve, 3000));
      void Promise.race([host.sip.close(), timeout]).finally(() => app.quit());
      return;
    }
    void twilioListener?.close();
    twilioListener = null;
    talkShortcut?.dispose();
    talkShortcut = null;
    host?.close();
    host = null;
  });

  void app.whenReady().then(async () => {
    const dataDir = process.env.ASSISTANT_DATA_DIR ?? app.getPath('userData');
    // safeStorage is usable only once the app is ready.
    const secrets = await openElectronSecretStore({ safeStorage, path: join(dataDir, 'secrets.safe-storage.json'), now: systemClock.now });
    try {
      host = startHost(dataDir, secrets);
    } catch (error) {
      // The data directory in use by another assistant process, or unusable: say why, then quit.
      dialog.showErrorBox(`${PRODUCT_NAME} could not start`, (error as Error).message);
      app.exit(1);
      return;
    }
    if (renderer.ignored) host.logger.warn({ code: 'renderer_url_ignored' }, renderer.ignored);
    protocol.handle(RENDERER_SCHEME, createRendererHandler(join(outDir, 'renderer')));
    restrictPermissions(session.defaultSession, isTrusted);
    registerIpc(host, isTrusted);
    // A timer going off is also a system notification; clicking it brings the window back.
    host.subscribe((event, payload) => {
      if (event !== 'reminder' || !Notification.isSupported()) return;
      const { title, text } = payload as { title: string; text: string };
      const notification = new Notification({ title, body: text });
      notification.on('click', showWindow);
      notification.show();
    });
    twilioListener = keepTwilioListening(host, { defaultPort: DESKTOP_TWILIO_PORT });
    talkShortcut = createTalkShortcut(globalShortcut, pushTalkShortcut, host.logger);
    talkShortcut.apply(host.settings.current().voice.globalShortcut);
    host.settings.onChange((next) => talkShortcut?.apply(next.voice.globalShortcut));
    tray = tryCreateTray();
    showWindow();
  });

  function startHost(dataDir: string, secrets: SecretStore): AssistantHost {
    return createAssistantHost({
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
  }

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
