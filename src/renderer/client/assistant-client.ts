import type { AssistantApi } from '../../shared/contract.ts';
import { bytesToBase64 } from '../audio/capture/pcm-frames.ts';
import { webSocketUrl } from './socket-url.ts';
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
    // Base64 over IPC: the bridge between the page and the preload is only relied on for JSON-like values.
    voiceAudio: ({ sessionId, pcm16 }) =>
      api.voiceAudio({ sessionId, pcm16: typeof pcm16 === 'string' ? pcm16 : bytesToBase64(pcm16) }),
    // IPC to the own main process cannot drop.
    onConnection(listener) {
      listener('open', null);
      return () => {};
    },
  };
}

function fromPage(): AssistantClient {
  return createWebSocketClient(webSocketUrl(window.location.href));
}
