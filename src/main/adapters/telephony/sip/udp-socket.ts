import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Logger } from 'pino';

/**
 * A UDP socket bound to `address`:`port` (0: any free port). A bind failure rejects (the socket
 * closed); once bound, errors are logged, never thrown (an unhandled 'error' would end the process).
 */
export async function openUdpSocket(address: string, port: number, logger: Logger, what: string): Promise<Socket> {
  const socket: Socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, address, () => {
      socket.removeAllListeners('error');
      resolve();
    });
  });
  socket.on('error', (error) => logger.warn({ code: 'udp_socket_error', socket: what, err: error }, `${what} socket error: ${error.message}`));
  return socket;
}
