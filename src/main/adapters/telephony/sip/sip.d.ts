// Types for the parts of the `sip` package (kirm/sip.js: CommonJS, no .d.ts of its own) that the
// SIP user agent uses: its message parser and serializer, its transaction layer and its digest
// authentication; see node_modules/sip/sip.js and digest.js.
declare module 'sip' {
  export interface SipUri {
    schema?: string;
    user?: string;
    password?: string;
    host: string;
    port?: number;
    params: Record<string, string | null>;
    headers?: Record<string, string>;
  }
  export interface NameAddr {
    name?: string;
    uri: string;
    params: Record<string, string | null | undefined>;
  }
  export interface Via {
    version?: string;
    protocol?: string;
    host?: string;
    port?: number;
    params: Record<string, string | number | null | undefined>;
  }
  export interface SipHeaders {
    via: Via[];
    to: NameAddr;
    from: NameAddr;
    'call-id': string;
    cseq: { seq: number; method: string };
    contact?: NameAddr[] | '*';
    'record-route'?: Array<NameAddr & { uri: string | SipUri }>;
    route?: Array<NameAddr & { uri: string | SipUri }> | string;
    'content-type'?: string;
    'content-length'?: number;
    authorization?: Array<Record<string, string>>;
    'proxy-authorization'?: Array<Record<string, string>>;
    'www-authenticate'?: Array<Record<string, string>>;
    'proxy-authenticate'?: Array<Record<string, string>>;
    expires?: string | number;
    'max-forwards'?: string | number;
    [name: string]: unknown;
  }
  export interface SipRequest {
    method: string;
    uri: string | SipUri;
    version?: string;
    headers: SipHeaders;
    content?: string;
  }
  export interface SipResponse {
    status: number;
    reason: string;
    version?: string;
    headers: SipHeaders;
    content?: string;
  }
  export type SipMessage = SipRequest | SipResponse;

  /** A way to the peer: `send` writes one message, `release` hands it back. */
  export interface Connection {
    send(message: SipMessage): void;
    release(): void;
    protocol: string;
  }
  export interface ServerTransaction {
    send(response: SipResponse): void;
    message(request: SipRequest, remote?: unknown): void;
    shutdown(): void;
  }
  export interface ClientTransaction {
    message(response: SipResponse, remote?: unknown): void;
    shutdown(): void;
  }
  export interface TransactionLayer {
    createServerTransaction(request: SipRequest, connection: Connection): ServerTransaction;
    createClientTransaction(connection: Connection, request: SipRequest, onResponse: (response: SipResponse) => void): ClientTransaction;
    getServer(message: SipMessage): ServerTransaction | undefined;
    getClient(message: SipMessage): ClientTransaction | undefined;
    destroy(): void;
  }

  export function parse(data: string | Buffer): SipMessage | undefined;
  export function stringify(message: SipMessage): string;
  export function makeResponse(request: SipRequest, status: number, reason?: string, extension?: { headers?: Partial<SipHeaders>; content?: string }): SipResponse;
  export function parseUri(uri: string | SipUri): SipUri | undefined;
  export function stringifyUri(uri: string | SipUri): string;
  export function generateBranch(): string;
  export function makeTransactionLayer(options: Record<string, unknown>, open: (target: unknown) => Connection): TransactionLayer;
}

declare module 'sip/digest.js' {
  import type { SipRequest, SipResponse } from 'sip';
  /** Server side: per challenge. `cnonce`, when set before challenge(), is taken as the nonce. */
  export interface ServerDigestContext {
    realm: string;
    cnonce?: string;
    nonce?: string;
    qop?: string;
    [field: string]: unknown;
  }
  export function challenge(context: ServerDigestContext, response: SipResponse): SipResponse;
  export function authenticateRequest(context: ServerDigestContext, request: SipRequest, credentials: { user: string; password: string }): boolean;
  /** Client side: signs `request` for the challenge in `response`; keep the returned context for the next request. */
  export function signRequest(context: Record<string, unknown> | null, request: SipRequest, response: SipResponse | null, credentials: { user: string; password: string; realm?: string }): Record<string, unknown> | null;
}
