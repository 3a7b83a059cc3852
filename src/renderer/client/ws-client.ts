import {
  eventListenerName,
  events,
  replySchemaFor,
  type EventPayload,
} from '../../shared/contract.ts';
import {
  EVENT_NAMES,
  REQUEST_NAMES,
  type EventName,
  type RequestName,
} from '../../shared/contract-names.ts';
import type { ErrorCode, Result } from '../../shared/result.ts';
import { encodeAudioFrame, type WsRequest } from '../../shared/ws-protocol.ts';
import {
  UNAUTHORIZED_MESSAGE,
  type AssistantClient,
  type ConnectionListener,
  type ConnectionProblem,
  type ConnectionState,
} from './connection.ts';

/** Close code the headless host uses when the page's access token is missing or wrong. */
export const UNAUTHORIZED_CLOSE_CODE = 4401;

export type WebSocketClientOptions = {
  /** Defaults to the global WebSocket (the browser's, or Node 22's in tests). */
  WebSocket?: new (url: string) => WebSocket;
  /** How long a request made while disconnected waits for the connection. */
  connectWaitMs?: number;
  /** How long a sent request waits for its reply. */
  replyTimeoutMs?: number;
  reconnectInitialDelayMs?: number;
  reconnectMaxDelayMs?: number;
};

export type WebSocketClient = AssistantClient & {
  /** Stops reconnecting and closes the socket; pending requests resolve to `unavailable`. */
  close(): void;
};

type PendingRequest = {
  method: RequestName;
  /** Text for JSON requests; bytes for microphone audio (a binary frame). */
  message: string | Uint8Array<ArrayBuffer>;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (result: Result<unknown>) => void;
};

const failure = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function createWebSocketClient(
  url: string,
  options: WebSocketClientOptions = {},
): WebSocketClient {
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const connectWaitMs = options.connectWaitMs ?? 10_000;
  const replyTimeoutMs = options.replyTimeoutMs ?? 30_000;
  const initialDelayMs = options.reconnectInitialDelayMs ?? 500;
  const maxDelayMs = options.reconnectMaxDelayMs ?? 5_000;

  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let problem: ConnectionProblem = null;
  let disposed = false;
  let failedAttempts = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  const pending = new Map<number, PendingRequest>();
  const connectionListeners = new Set<ConnectionListener>();
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>(
    EVENT_NAMES.map((name) => [name, new Set()]),
  );

  function setState(next: ConnectionState, nextProblem: ConnectionProblem = null): void {
    if (next === state && nextProblem === problem) return;
    state = next;
    problem = nextProblem;
    for (const listener of [...connectionListeners]) callSafely(listener, state, problem);
  }

  function connect(): void {
    if (disposed) return;
    setState('connecting');
    let ws: WebSocket;
    try {
      ws = new Socket(url);
    } catch (error) {
      console.error('Could not open the WebSocket', error);
      setState('closed');
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      failedAttempts = 0;
      setState('open');
      for (const [id, request] of pending) if (!request.sent) send(id, request);
    };
    ws.onmessage = (event) => {
      if (socket === ws && typeof event.data === 'string') handleMessage(event.data);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      handleClose(event.code);
    };
    // Browsers follow an error with a close event, which does the work. Node's WebSocket (undici)
    // sends none when the connection is refused and stays "connecting": treat that as the close.
    ws.onerror = () => {
      setTimeout(() => {
        if (socket !== ws || ws.readyState === ws.OPEN) return;
        socket = null;
        handleClose(1006);
      }, 0);
    };
  }

  function handleClose(code: number): void {
    if (code === UNAUTHORIZED_CLOSE_CODE) {
      setState('closed', 'unauthorized');
      failRequests(() => true, failure('unauthorized', UNAUTHORIZED_MESSAGE));
      return;
    }
    failRequests(
      (request) => request.sent,
      failure('unavailable', 'The connection to the assistant dropped before it replied.'),
    );
    setState('closed');
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (disposed) return;
    const delay = Math.min(initialDelayMs * 2 ** failedAttempts, maxDelayMs);
    failedAttempts += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  function request(method: RequestName, params: unknown): Promise<Result<unknown>> {
    if (problem === 'unauthorized') return Promise.resolve(failure('unauthorized', UNAUTHORIZED_MESSAGE));
    if (disposed) return Promise.resolve(failure('unavailable', 'The connection to the assistant was closed.'));
    // Live audio is not kept for later: heard after a reconnect, it would be answered out of time.
    if (method === 'voiceAudio' && state !== 'open') {
      return Promise.resolve(failure('unavailable', 'Not connected to the assistant: microphone audio is dropped until the connection is back.'));
    }
    const id = nextId++;
    let message: string | Uint8Array<ArrayBuffer>;
    try {
      message = encodeRequest(id, method, params);
    } catch {
      return Promise.resolve(failure('bad_request', `The parameters of ${method} cannot be sent to the assistant.`));
    }
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => settle(id, failure('unavailable', `No connection to the assistant after ${connectWaitMs / 1000} s.`)),
        connectWaitMs,
      );
      const entry: PendingRequest = { method, message, sent: false, timer, resolve };
      pending.set(id, entry);
      if (state === 'open') send(id, entry);
    });
  }

  function send(id: number, request: PendingRequest): void {
    try {
      socket?.send(request.message);
    } catch {
      settle(id, failure('unavailable', 'The request could not be sent to the assistant.'));
      return;
    }
    request.sent = true;
    clearTimeout(request.timer);
    request.timer = setTimeout(
      () =>
        settle(id, failure('unavailable', `The assistant did not answer ${request.method} within ${replyTimeoutMs / 1000} s.`)),
      replyTimeoutMs,
    );
  }

  function settle(id: number, result: Result<unknown>): void {
    const request = pending.get(id);
    if (!request) return;
    pending.delete(id);
    clearTimeout(request.timer);
    request.resolve(result);
  }

  function failRequests(which: (request: PendingRequest) => boolean, result: Result<never>): void {
    for (const [id, request] of pending) if (which(request)) settle(id, result);
  }

  function handleMessage(data: string): void {
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      console.warn('Ignored a WebSocket message that is not JSON');
      return;
    }
    if (!isRecord(message)) return;
    if (message.type === 'reply') handleReply(message.id, message.result);
    else if (message.type === 'event') handleEvent(message.event, message.payload);
  }

  function handleReply(id: unknown, result: unknown): void {
    if (typeof id !== 'number') return;
    const request = pending.get(id);
    if (!request) return;
    const parsed = replySchemaFor(request.method).safeParse(result);
    if (parsed.success) {
      settle(id, parsed.data as Result<unknown>);
      return;
    }
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'reply';
    settle(
      id,
      failure(
        'internal',
        `The assistant's reply to ${request.method} does not match the contract (${where}: ${issue?.message ?? 'invalid'}).`,
      ),
    );
  }

  function handleEvent(name: unknown, payload: unknown): void {
    if (typeof name !== 'string' || !Object.hasOwn(events, name)) return;
    const eventName = name as EventName;
    const parsed = events[eventName].safeParse(payload);
    if (!parsed.success) {
      console.warn(`Ignored a ${eventName} event that does not match the contract`);
      return;
    }
    for (const listener of [...(eventListeners.get(eventName) ?? [])]) callSafely(listener, parsed.data);
  }

  function subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
    const listeners = eventListeners.get(name);
    const stored = listener as (payload: unknown) => void;
    listeners?.add(stored);
    return () => listeners?.delete(stored);
  }

  const client: Record<string, unknown> = {
    onConnection(listener: ConnectionListener): () => void {
      connectionListeners.add(listener);
      callSafely(listener, state, problem);
      return () => connectionListeners.delete(listener);
    },
    close(): void {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      ws?.close(1000);
      failRequests(() => true, failure('unavailable', 'The connection to the assistant was closed.'));
      setState('closed');
    },
  };
  for (const name of REQUEST_NAMES) client[name] = (params?: unknown) => request(name, params);
  for (const name of EVENT_NAMES) {
    client[eventListenerName(name)] = (listener: (payload: EventPayload<typeof name>) => void) =>
      subscribe(name, listener);
  }

  connect();
  return client as WebSocketClient;
}

/** Microphone audio given as bytes goes as a binary frame; everything else as JSON text. */
function encodeRequest(id: number, method: RequestName, params: unknown): string | Uint8Array<ArrayBuffer> {
  if (method === 'voiceAudio' && isRecord(params) && params.pcm16 instanceof Uint8Array && typeof params.sessionId === 'string') {
    return encodeAudioFrame({ id, sessionId: params.sessionId, pcm16: params.pcm16 });
  }
  const wire: WsRequest = { type: 'request', id, method, params };
  return JSON.stringify(wire);
}

function callSafely<A extends unknown[]>(listener: (...args: A) => void, ...args: A): void {
  try {
    listener(...args);
  } catch (error) {
    console.error('A listener of the assistant client threw', error);
  }
}
