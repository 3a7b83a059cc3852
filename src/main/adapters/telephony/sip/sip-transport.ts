import type { Socket } from 'node:dgram';
import type { Logger } from 'pino';
import { openUdpSocket } from './udp-socket.ts';
import * as sip from 'sip';
import type { RefusalLog } from '../../logging/refusal-log.ts';

// SIP over UDP (RFC 3261 §18): one socket, each datagram one message read by the `sip` package's
// parser, and its transaction layer (retransmissions, the final response repeated to a repeated
// request, ACKs of error responses absorbed). The package's own transport is not used: it cannot
// bind port 0, reports no bind error and has no 'error' handler (a refused send would end the
// process). Anything that is not a whole SIP message is dropped and counted.

/** A SIP message over UDP fits one datagram; bigger ones are not for us (RFC 3261 §18.1.1 says 1300 for requests we send). */
const MAX_DATAGRAM_BYTES = 16 * 1024;
/**
 * The `sip` package's header regexes backtrack badly on long odd lines (a `<` then a long run of
 * spaces is cubic; a long Authorization without spaces, quadratic): a datagram is read only when its
 * headers stay within what real phones send. Within these, the worst line measured costs ~3 ms.
 */
const HEADER_LIMITS = { sectionBytes: 6 * 1024, lines: 60, lineBytes: 1024, addressLineBytes: 512, whitespaceRun: 16 };
/** Headers the package reads with its name-address parser (the cubic one). */
const ADDRESS_HEADERS = /^(to|t|from|f|contact|m|route|record-route|path|refer-to|via|v)\s*:/i;
const LONG_WHITESPACE = new RegExp(`\\s{${HEADER_LIMITS.whitespaceRun + 1}}`);

export interface Peer {
  address: string;
  port: number;
}

export interface SipTransport {
  readonly local: Peer;
  send(message: sip.SipMessage, to: Peer): void;
  /** A client transaction (REGISTER, BYE): retransmitted until answered, 408 after 32 s. */
  request(request: sip.SipRequest, to: Peer, onResponse: (response: sip.SipResponse) => void): void;
  /** A server transaction for a new request: what is sent through it is repeated for repeats of the request. */
  serverTransaction(request: sip.SipRequest, from: Peer): sip.ServerTransaction;
  close(): Promise<void>;
}

export interface SipTransportOptions {
  address: string;
  port: number;
  logger: Logger;
  /** Where datagrams that are not SIP are logged: counted, one line per interval. */
  refusals: RefusalLog;
  /** A request no transaction knew (a new one, or an ACK for a 2xx), or a response to none of ours. */
  onMessage(message: sip.SipMessage, from: Peer): void;
}

export async function openSipTransport(options: SipTransportOptions): Promise<SipTransport> {
  const { logger } = options;
  const socket: Socket = await openUdpSocket(options.address, options.port, logger, 'SIP');
  const local: Peer = { address: socket.address().address, port: socket.address().port };
  let closed = false;

  function send(message: sip.SipMessage, to: Peer): void {
    if (closed) return;
    const text = sip.stringify(message);
    try {
      socket.send(Buffer.from(text, 'binary'), to.port, to.address);
    } catch (error) {
      // A port or address out of range from a peer's header: that message goes nowhere, the endpoint goes on.
      logger.warn({ code: 'sip_send_failed', to: `${String(to.address).slice(0, 64)}:${to.port}`, err: error }, `a SIP message could not be sent: ${(error as Error).message}`);
    }
  }

  const connectionTo = (to: Peer): sip.Connection => ({ send: (message) => send(message, to), release: () => undefined, protocol: 'UDP' });
  const transactions = sip.makeTransactionLayer({}, (target) => connectionTo(target as Peer));

  socket.on('message', (datagram, rinfo) => {
    if (closed) return;
    const from: Peer = { address: rinfo.address, port: rinfo.port };
    const message = datagram.length <= MAX_DATAGRAM_BYTES ? readMessage(datagram) : undefined;
    if (!message) {
      // Keep-alives (a lone CRLF, RFC 5626) are not worth a line.
      if (datagram.toString('binary').trim() !== '') {
        options.refusals.refused('sip_unreadable', { from: `${from.address}:${from.port}`, bytes: datagram.length }, 'a datagram on the SIP port was not a SIP message: dropped');
      }
      return;
    }
    try {
      if ('method' in message) {
        // Responses go back where the request came from (RFC 3581: received and rport).
        message.headers.via[0]!.params.received = from.address;
        if ('rport' in message.headers.via[0]!.params) message.headers.via[0]!.params.rport = from.port;
        const transaction = transactions.getServer(message);
        if (transaction) transaction.message(message, from);
        else options.onMessage(message, from);
      } else {
        const transaction = transactions.getClient(message);
        if (transaction) transaction.message(message, from);
        else options.onMessage(message, from);
      }
    } catch (error) {
      logger.error({ code: 'sip_message_failed', err: error }, `a SIP message could not be handled: ${(error as Error).message}`);
    }
  });

  return {
    local,
    send,
    request(request, to, onResponse) {
      request.headers.via = [{ version: '2.0', protocol: 'UDP', host: local.address, port: local.port, params: { rport: null } }];
      transactions.createClientTransaction(connectionTo(to), request, onResponse);
    },
    serverTransaction: (request, from) => transactions.createServerTransaction(request, connectionTo(from)),
    async close() {
      if (closed) return;
      closed = true;
      transactions.destroy();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

/**
 * Whether the header section is one the parser reads in bounded time (see HEADER_LIMITS), seen as
 * the parser sees it: leading whitespace skipped, folded lines joined, any \s counted as space,
 * %-escaped header names unescaped. Linear in the datagram.
 */
function withinHeaderLimits(message: string): boolean {
  const text = message.replace(/^\s+/, '');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0 || end > HEADER_LIMITS.sectionBytes) return false;
  const lines = text.slice(0, end).split(/\r\n(?![ \t])/);
  if (lines.length > HEADER_LIMITS.lines) return false;
  return lines.every((line, index) => {
    const name = index === 0 ? '' : line.slice(0, Math.max(0, line.indexOf(':')));
    if (name.includes('%')) return false;
    return line.length <= (ADDRESS_HEADERS.test(line) ? HEADER_LIMITS.addressLineBytes : HEADER_LIMITS.lineBytes) && !LONG_WHITESPACE.test(line);
  });
}

/** A whole SIP message with the headers every request and response needs, or undefined. */
function readMessage(datagram: Buffer): sip.SipMessage | undefined {
  // Read as the parser reads it (one byte, one character), once for both.
  const text = datagram.toString('binary');
  if (!withinHeaderLimits(text)) return undefined;
  let message: sip.SipMessage | undefined;
  try {
    message = sip.parse(text);
  } catch {
    return undefined;
  }
  if (!message?.headers) return undefined;
  const { headers } = message;
  const hasVia = Array.isArray(headers.via) && headers.via.length > 0 && headers.via[0]?.params !== undefined;
  const wellFormed = hasVia && typeof headers['call-id'] === 'string' && headers.to?.uri && headers.from?.uri && Number.isFinite(headers.cseq?.seq) && typeof headers.cseq?.method === 'string';
  if (!wellFormed) return undefined;
  if ('method' in message) return typeof message.method === 'string' && message.method.length > 0 ? message : undefined;
  return message.status >= 100 && message.status <= 699 ? message : undefined;
}
