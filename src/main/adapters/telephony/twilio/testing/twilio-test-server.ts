import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AssistantHost } from '../../../../host/assistant-host.ts';
import { createTwilioBridge } from '../twilio-bridge.ts';

/**
 * A host's Twilio paths on a loopback port of their own, the public URL being that address: what a
 * tunnel would reach, for tests and benches that place calls. `now` is the pacer's clock.
 */
export async function startTwilioTestServer(host: AssistantHost, options: { authToken: string; now?: () => number; onFrameLateness?: (ms: number) => void }) {
  let base = '';
  const bridge = createTwilioBridge({
    publicUrl: () => base,
    authToken: () => options.authToken,
    logger: host.logger,
    refusals: host.refusals,
    now: options.now ?? (() => Date.now()),
    setTimer: (fn, ms) => {
      const timer = setTimeout(fn, ms);
      return () => clearTimeout(timer);
    },
    startCall: (start, media) => host.phone.startTwilioCall(start, media),
    ...(options.onFrameLateness ? { onFrameLateness: options.onFrameLateness } : {}),
  });
  const pathOf = (url: string | undefined) => new URL(url ?? '/', 'http://x').pathname;
  const server = createServer((request, response) => bridge.handleRequest(request, response, pathOf(request.url)));
  server.on('upgrade', (request, socket, head) => bridge.handleUpgrade(request, socket, head, pathOf(request.url)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    async close() {
      bridge.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
