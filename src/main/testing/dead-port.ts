import { createServer } from 'node:net';

/** A port on 127.0.0.1 nothing listens on: bound, then closed (a server that is not running). */
export async function deadPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}
