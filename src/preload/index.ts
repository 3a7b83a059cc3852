import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  EVENT_NAMES,
  REQUEST_NAMES,
  eventListenerName,
  ipcEventChannel,
  ipcRequestChannel,
} from '../shared/contract-names.ts';

// One method per contract entry and nothing else: the page never sees ipcRenderer. Main
// validates every argument; this file holds no logic.

const api: Record<string, unknown> = {};

for (const name of REQUEST_NAMES) {
  api[name] = (params?: unknown) => ipcRenderer.invoke(ipcRequestChannel(name), params);
}

for (const name of EVENT_NAMES) {
  api[eventListenerName(name)] = (listener: (payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(ipcEventChannel(name), forward);
    return () => ipcRenderer.removeListener(ipcEventChannel(name), forward);
  };
}

contextBridge.exposeInMainWorld('assistant', Object.freeze(api));
