import type { AssistantApi } from '../../shared/contract.ts';
import { takeAccessToken, webSocketUrl } from './access-token.ts';
import type { AssistantClient } from './connection.ts';
import { createWebSocketClient } from './ws-client.ts';

let client: AssistantClient | null = null;

/** The preload's `window.assistant` inside Electron, otherwise a WebSocket client to the headless host. */
export function getAssistantClient(): AssistantClient {
  client ??= window.assistant ? fromPreload(window.assistant) : fromPage();
  return client;
}

function fromPreload(api: AssistantApi): AssistantClient {
  return {
    ...api,
    // IPC to the own main process cannot drop.
    onConnection(listener) {
      listener('open', null);
      return () => {};
    },
  };
}

function fromPage(): AssistantClient {
  const token = takeAccessToken({
    location: window.location,
    sessionStorage: window.sessionStorage,
    history: window.history,
  });
  return createWebSocketClient(webSocketUrl(window.location, token));
}
