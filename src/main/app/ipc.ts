import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, REQUEST_NAMES, ipcEventChannel, ipcRequestChannel } from '../../shared/contract-names.ts';
import { fail } from '../../shared/result.ts';
import type { AssistantHost } from '../host/assistant-host.ts';
import type { TrustedUrlCheck } from './security.ts';

/** The host's client id for a window's web contents. */
export const windowClientId = (webContentsId: number) => `window-${webContentsId}`;

/** One handler per contract request; each checks the sender frame before anything else. */
export function registerIpc(host: AssistantHost, isTrusted: TrustedUrlCheck): () => void {
  const isTrustedSender = (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isTrusted(frame.url);
  };

  for (const name of REQUEST_NAMES) {
    ipcMain.handle(ipcRequestChannel(name), async (event, params: unknown) => {
      if (!isTrustedSender(event)) {
        host.logger.warn({ code: 'ipc_untrusted_sender', method: name }, 'refused a request from an untrusted frame');
        return fail('unauthorized', 'this frame may not talk to the assistant');
      }
      return host.dispatch(name, params, { clientId: windowClientId(event.sender.id) });
    });
  }

  const unsubscribe = host.subscribe((event, payload, isFor) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) return;
    for (const window of BrowserWindow.getAllWindows()) {
      if (window.isDestroyed()) continue;
      if (!isFor(windowClientId(window.webContents.id))) continue;
      window.webContents.send(ipcEventChannel(event), payload);
    }
  });

  return () => {
    unsubscribe();
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(ipcRequestChannel(name));
  };
}
