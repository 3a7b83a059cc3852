import { randomBytes, randomInt } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import * as sip from 'sip';
import type { RefusalLog } from '../../logging/refusal-log.ts';
import type { CallAudioSink, CallMedia } from '../call-line.ts';
import { readAudioOffer, writeAudioAnswer, type AudioOffer } from './sdp-answer.ts';
import { openRtpLine, type RtpLine } from './rtp-line.ts';
import { createDigestChallenges, type Credentials } from './sip-digest.ts';
import { keepRegistered, type Registration, type RegistrationState } from './sip-registration.ts';
import { openSipTransport, type Peer, type SipTransport } from './sip-transport.ts';

// A SIP user agent that answers calls (RFC 3261 as a UAS over UDP): INVITE with an SDP offer ->
// 100 Trying, 180 Ringing, 200 OK with our PCMU/telephone-event answer (repeated until the ACK),
// BYE either way, CANCEL while ringing (487), re-INVITE (hold and resume), OPTIONS, and keypad
// digits as RFC 4733 events or SIP INFO. Callers must come from an allowed address, answer a digest
// challenge when a password is set, and stay under a rate of INVITEs; optionally the endpoint keeps
// itself registered with a registrar, whose calls are then allowed too.

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO';
/** RFC 3261 timers, ms: T1 (round trip), T2 (cap on retransmitting), and how long a 2xx waits for its ACK. */
const T1_MS = 500;
const T2_MS = 4000;
const ACK_WAIT_MS = 64 * T1_MS;
/**
 * New INVITEs one address may send per 10 s, and all addresses together: a PBX or trunk brings
 * every call from one address, and twenty at once must pass; a flood must not reach the sessions.
 */
const INVITES_PER_ADDRESS = { points: 30, duration: 10 };
const INVITES_IN_ALL = { points: 60, duration: 10 };

export interface AnsweredSipCall {
  /** The dialog's Call-ID. */
  callId: string;
  /** Who calls, as their From address says: "Alice <sip:alice@host>" shortened to alice@host. */
  caller: string;
  /** Its RTP line; `close` hangs up with a BYE. */
  media: CallMedia;
}

export interface SipUserAgentOptions {
  bindAddress: string;
  /** 0 picks a free port. */
  port: number;
  /** The address put in our Contact and SDP; default the bound one (needed when bound to 0.0.0.0). */
  advertisedAddress?: string | null;
  /** The user part we answer for (`sip:<user>@…`, at any of our addresses or names); INVITEs and OPTIONS to another get 404. */
  user: string;
  isAllowedCaller(address: string): boolean;
  /** Set: INVITEs (but the registrar's) must answer a digest challenge for this user and password, and the registrar is given them. */
  credentials: Credentials | null;
  registrar: { address: string; port: number; domain: string } | null;
  /** How long a call rings before it is answered, ms. */
  ringMs: number;
  maxCalls: number;
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
  logger: Logger;
  /** Where refused requests are logged: counted, one line per kind and interval. */
  refusals: RefusalLog;
  /** The call is answered: the voice session its audio goes to (throwing refuses the call). */
  answer(call: AnsweredSipCall): Promise<CallAudioSink>;
  onRegistration?(state: RegistrationState): void;
  onFrameLateness?(lateMs: number): void;
  /** A call with no RTP from its caller this long (ms) is hung up as dropped; default 30 s. */
  silentLineMs?: number;
}

export interface SipUserAgent {
  readonly local: Peer;
  registration(): RegistrationState | null;
  activeCalls(): number;
  close(): Promise<void>;
}

/** What a response carries beyond makeResponse's headers; `toTag`: the dialog's (else a fresh one, past 100). */
type ResponseExtras = { headers?: Partial<sip.SipHeaders>; content?: string; toTag?: string };

type DialogState = 'ringing' | 'answering' | 'answered' | 'confirmed' | 'ended';

interface Dialog {
  callId: string;
  localTag: string;
  invite: sip.SipRequest;
  inviteTransaction: sip.ServerTransaction;
  /** Where the INVITE came from (a proxy, or the caller itself). */
  source: Peer;
  state: DialogState;
  line: RtpLine;
  offer: AudioOffer;
  sink: CallAudioSink | null;
  localSequence: number;
  sdpVersion: number;
  sdpSessionId: number;
  /** The 2xx being repeated until its ACK, and the timers doing it. */
  pendingAnswer: { cseq: number; cancel: () => void } | null;
  cancelRing: (() => void) | null;
}

export async function startSipUserAgent(options: SipUserAgentOptions): Promise<SipUserAgent> {
  const { logger, refusals } = options;
  const dialogs = new Map<string, Dialog>();
  /** Our BYEs not answered yet: closing waits a little for them (their first send is on the next tick). */
  const byesInFlight = new Set<Promise<void>>();
  const perAddress = new RateLimiterMemory(INVITES_PER_ADDRESS);
  const inAll = new RateLimiterMemory(INVITES_IN_ALL);
  const challenges = options.credentials ? createDigestChallenges({ realm: options.registrar?.domain ?? 'voice-assistant', credentials: options.credentials, now: options.now }) : null;

  const transport: SipTransport = await openSipTransport({
    address: options.bindAddress,
    port: options.port,
    logger,
    refusals,
    onMessage: (message, from) => {
      if (!('method' in message)) return;
      onRequest(message, from).catch((error: unknown) => logger.error({ code: 'sip_request_failed', method: message.method, err: error }, `a SIP ${message.method} could not be handled: ${(error as Error).message}`));
    },
  });
  const advertised = options.advertisedAddress || transport.local.address;
  const contactUri = `sip:${options.user}@${isIPv6(advertised) ? `[${advertised}]` : advertised}:${transport.local.port}`;

  const registration: Registration | null =
    options.registrar && options.credentials
      ? keepRegistered({
          transport,
          registrar: options.registrar,
          domain: options.registrar.domain,
          credentials: options.credentials,
          contact: { address: advertised, port: transport.local.port },
          setTimer: options.setTimer,
          logger,
          ...(options.onRegistration ? { onState: options.onRegistration } : {}),
        })
      : null;

  const fromRegistrar = (address: string) => options.registrar !== null && address === options.registrar.address;
  const isAllowed = (address: string) => options.isAllowedCaller(address) || fromRegistrar(address);

  function respond(transaction: sip.ServerTransaction, request: sip.SipRequest, status: number, reason: string, extra: ResponseExtras = {}): void {
    transaction.send(responseTo(request, status, reason, extra));
  }

  function responseTo(request: sip.SipRequest, status: number, reason: string, extra: ResponseExtras = {}): sip.SipResponse {
    const response = sip.makeResponse(request, status, reason, { headers: extra.headers ?? {}, ...(extra.content ? { content: extra.content } : {}) });
    // makeResponse shares the request's To: ours carries the dialog's tag.
    const toTag = extra.toTag ?? (status > 100 ? (request.headers.to.params.tag ?? randomTag()) : undefined);
    response.headers.to = { ...request.headers.to, params: { ...request.headers.to.params, ...(toTag ? { tag: toTag } : {}) } };
    // A dialog's proxies stay on its path: its Record-Route goes back in what sets it up (RFC 3261 §12.1.1).
    if (request.method === 'INVITE' && status > 100 && status < 300 && request.headers['record-route']) response.headers['record-route'] = request.headers['record-route'];
    return response;
  }

  async function onRequest(request: sip.SipRequest, from: Peer): Promise<void> {
    if (request.method === 'ACK') return onAck(request);
    const inDialog = request.headers.to.params.tag !== undefined && request.headers.to.params.tag !== null;
    // Requests of a call we took (its Call-ID and our tag, or a CANCEL of its INVITE) may come from
    // another address than the INVITE did (a caller behind a proxy hanging up directly). Anything
    // else from an address that is not allowed gets no transaction: one 403 for an INVITE (within
    // that address's rate), nothing for the rest, so a flood costs little and echoes nothing.
    const ofOurCall = (inDialog && dialogOf(request) !== undefined) || (request.method === 'CANCEL' && dialogs.has(request.headers['call-id']));
    if (!ofOurCall && !isAllowed(from.address)) return refuseStranger(request, from);
    const transaction = transport.serverTransaction(request, from);
    // A new INVITE or OPTIONS must be for our user (RFC 3261 §8.2.2.1); an OPTIONS to the host itself asks what it can do.
    if (!inDialog && (request.method === 'INVITE' || request.method === 'OPTIONS') && !isForUs(request.uri, request.method === 'OPTIONS')) {
      refusals.refused('sip_unknown_user', { from: from.address, method: request.method }, `a ${request.method} for another user than ${options.user} (from ${from.address}): 404`);
      return respond(transaction, request, 404, 'Not Found');
    }
    switch (request.method) {
      case 'INVITE':
        return inDialog ? onReInvite(request, transaction) : onInvite(request, transaction, from);
      case 'CANCEL':
        return onCancel(request, transaction);
      case 'BYE':
        return onBye(request, transaction);
      case 'OPTIONS':
        return respond(transaction, request, 200, 'OK', { headers: { allow: ALLOW, accept: 'application/sdp', 'user-agent': 'Voice Assistant' } });
      case 'INFO':
        return onInfo(request, transaction);
      default:
        return respond(transaction, request, 405, 'Method Not Allowed', { headers: { allow: ALLOW } });
    }
  }

  async function refuseStranger(request: sip.SipRequest, from: Peer): Promise<void> {
    if (request.method !== 'INVITE') return;
    try {
      await perAddress.consume(from.address);
    } catch {
      return;
    }
    refusals.refused('sip_caller_refused', { from: from.address }, `an INVITE from ${from.address}, which is not an allowed caller address (Settings › Phone › SIP): refused`);
    transport.send(responseTo(request, 403, 'Forbidden'), from);
  }

  async function onInvite(request: sip.SipRequest, transaction: sip.ServerTransaction, from: Peer): Promise<void> {
    const callId = request.headers['call-id'];
    if (dialogs.has(callId)) return respond(transaction, request, 482, 'Loop Detected');
    try {
      await inAll.consume('all');
      await perAddress.consume(from.address);
    } catch {
      refusals.refused('sip_invite_flood', { from: from.address }, `too many INVITEs (from ${from.address}): refused with 503`);
      return respond(transaction, request, 503, 'Service Unavailable', { headers: { 'retry-after': '10' } });
    }
    // Stops the caller repeating the INVITE while we decide.
    respond(transaction, request, 100, 'Trying');
    // The proxies on its path, kept for our requests in the call: each must be a SIP URI we can read.
    const routes = request.headers['record-route'] ?? [];
    if (!routes.every((route) => sip.parseUri(route.uri)?.host)) return respond(transaction, request, 400, 'Bad Request', { headers: { warning: '399 voice-assistant "a Record-Route is not a SIP URI this endpoint reads"' } });
    // The registrar has its own check on who calls through it; callers reaching us directly answer ours.
    const verdict = challenges && !fromRegistrar(from.address) ? challenges.verify(request) : 'ok';
    if (challenges && verdict !== 'ok') {
      // No answer is the usual first round, a spent or unknown nonce asks again (stale); a wrong answer is worth a line.
      if (verdict === 'wrong') refusals.refused('sip_auth_failed', { from: from.address }, `an INVITE from ${from.address} failed digest authentication`);
      return transaction.send(challenges.challenge(responseTo(request, 401, 'Unauthorized'), { stale: verdict === 'stale' }));
    }
    if (activeCalls() >= options.maxCalls) return respond(transaction, request, 486, 'Busy Here');
    const checked = isSdp(request) ? readAudioOffer(request.content ?? '') : ({ ok: false, reason: 'the INVITE carries no SDP offer (an offer in the ACK is not supported)' } as const);
    if (!checked.ok) {
      logger.warn({ code: 'sip_offer_refused', reason: checked.reason }, `an INVITE's offer was refused: ${checked.reason}`);
      return respond(transaction, request, 488, 'Not Acceptable Here', { headers: { warning: `304 voice-assistant "${checked.reason.replace(/"/g, "'")}"` } });
    }
    // Our RTP socket is of the bind address's family: it cannot send to the other one.
    if (isIPv6(checked.offer.address) !== isIPv6(options.bindAddress)) {
      return respond(transaction, request, 488, 'Not Acceptable Here', { headers: { warning: `304 voice-assistant "the offer's media address is not ${isIPv6(options.bindAddress) ? 'IPv6' : 'IPv4'}, as this endpoint is"` } });
    }
    let line: RtpLine;
    try {
      line = await openRtpLine({
        bindAddress: options.bindAddress,
        now: options.now,
        setTimer: options.setTimer,
        logger,
        ...(options.onFrameLateness ? { onFrameLateness: options.onFrameLateness } : {}),
        ...(options.silentLineMs !== undefined ? { silentLineMs: options.silentLineMs } : {}),
        // The caller vanished without a BYE (a crash, a lost network): the call ends as dropped.
        onSilentLine: () => {
          const dialog = dialogs.get(callId);
          if (dialog) hangUp(dialog, 'disconnected');
        },
      });
    } catch (error) {
      logger.error({ code: 'rtp_open_failed', err: error }, `no RTP port could be opened: ${(error as Error).message}`);
      return respond(transaction, request, 500, 'Server Internal Error');
    }
    // Another INVITE of this Call-ID, or the last free place, may have been taken while the port opened.
    if (dialogs.has(callId) || activeCalls() >= options.maxCalls) {
      line.close();
      return dialogs.has(callId) ? respond(transaction, request, 482, 'Loop Detected') : respond(transaction, request, 486, 'Busy Here');
    }
    line.setRemote(checked.offer);
    const dialog: Dialog = {
      callId,
      localTag: randomTag(),
      invite: request,
      inviteTransaction: transaction,
      source: from,
      state: 'ringing',
      line,
      offer: checked.offer,
      sink: null,
      localSequence: randomInt(1, 10_000),
      sdpVersion: 1,
      sdpSessionId: randomInt(1, 2 ** 31),
      pendingAnswer: null,
      cancelRing: null,
    };
    dialogs.set(callId, dialog);
    respond(transaction, request, 180, 'Ringing', { toTag: dialog.localTag, headers: { contact: [{ uri: contactUri, params: {} }] } });
    logger.info({ code: 'sip_ringing', callId, from: from.address }, `call from ${callerOf(request)} ringing`);
    dialog.cancelRing = options.setTimer(() => void answer(dialog), options.ringMs);
  }

  async function answer(dialog: Dialog): Promise<void> {
    dialog.cancelRing = null;
    if (dialog.state !== 'ringing') return;
    dialog.state = 'answering';
    let sink: CallAudioSink;
    try {
      sink = await options.answer({
        callId: dialog.callId,
        caller: callerOf(dialog.invite),
        media: {
          play: (runId, chunk, chunkId) => dialog.line.play(runId, chunk, chunkId),
          stop: (runId) => dialog.line.stop(runId),
          whenQuiet: (timeoutMs) => dialog.line.whenQuiet(timeoutMs),
          close: () => hangUp(dialog),
        },
      });
    } catch (error) {
      logger.error({ code: 'sip_answer_failed', err: error }, `the call could not be answered: ${(error as Error).message}`);
      if (dialog.state === 'answering') respond(dialog.inviteTransaction, dialog.invite, 500, 'Server Internal Error', { toTag: dialog.localTag });
      return end(dialog, 'disconnected');
    }
    dialog.sink = sink;
    // Cancelled while the session was being set up: that session ends as the caller's.
    if (dialog.state !== 'answering') return sink.ended('stopped');
    dialog.line.attach(sink);
    dialog.state = 'answered';
    sendAnswer(dialog, dialog.invite, dialog.inviteTransaction);
    logger.info({ code: 'sip_answered', callId: dialog.callId }, 'call answered');
  }

  /** 200 OK with our SDP, repeated (T1 doubling to T2) until its ACK comes, BYE after 32 s without one. */
  function sendAnswer(dialog: Dialog, request: sip.SipRequest, transaction: sip.ServerTransaction): void {
    const sdp = writeAudioAnswer(dialog.offer, { address: advertised, port: dialog.line.port(), version: dialog.sdpVersion++, sessionId: dialog.sdpSessionId });
    const headers = { contact: [{ uri: contactUri, params: {} }], 'content-type': 'application/sdp', allow: ALLOW, 'user-agent': 'Voice Assistant' };
    const send = () => respond(transaction, request, 200, 'OK', { toTag: dialog.localTag, headers, content: sdp });
    send();
    dialog.pendingAnswer?.cancel();
    let cancelTimer = () => {};
    const startedAt = options.now();
    const repeat = (interval: number) => {
      cancelTimer = options.setTimer(() => {
        if (options.now() - startedAt >= ACK_WAIT_MS) {
          logger.warn({ code: 'sip_no_ack', callId: dialog.callId }, 'the caller never acknowledged the answer: hanging up');
          dialog.pendingAnswer = null;
          return hangUp(dialog, 'disconnected');
        }
        send();
        repeat(Math.min(interval * 2, T2_MS));
      }, interval);
    };
    repeat(T1_MS);
    dialog.pendingAnswer = { cseq: request.headers.cseq.seq, cancel: () => cancelTimer() };
  }

  function onAck(request: sip.SipRequest): void {
    const dialog = dialogs.get(request.headers['call-id']);
    if (!dialog || !dialog.pendingAnswer || request.headers.cseq.seq !== dialog.pendingAnswer.cseq) return;
    dialog.pendingAnswer.cancel();
    dialog.pendingAnswer = null;
    if (dialog.state === 'answered') dialog.state = 'confirmed';
  }

  function onReInvite(request: sip.SipRequest, transaction: sip.ServerTransaction): void {
    const dialog = dialogOf(request);
    if (!dialog || dialog.state === 'ended') return respond(transaction, request, 481, 'Call/Transaction Does Not Exist');
    // No offer: a session refresh; the same answer again.
    const checked = isSdp(request) ? readAudioOffer(request.content ?? '') : ({ ok: true, offer: dialog.offer } as const);
    if (!checked.ok) return respond(transaction, request, 488, 'Not Acceptable Here', { toTag: dialog.localTag });
    if (checked.offer.onHold !== dialog.offer.onHold) logger.info({ code: checked.offer.onHold ? 'sip_hold' : 'sip_resume', callId: dialog.callId }, checked.offer.onHold ? 'the caller put the call on hold' : 'the caller took the call off hold');
    dialog.offer = checked.offer;
    dialog.line.setRemote(checked.offer);
    sendAnswer(dialog, request, transaction);
  }

  function onCancel(request: sip.SipRequest, transaction: sip.ServerTransaction): void {
    const dialog = dialogs.get(request.headers['call-id']);
    const sameBranch = dialog && dialog.invite.headers.via[0]?.params.branch === request.headers.via[0]?.params.branch;
    if (!dialog || !sameBranch) return respond(transaction, request, 481, 'Call/Transaction Does Not Exist');
    respond(transaction, request, 200, 'OK');
    // Once answered, a CANCEL changes nothing (RFC 3261 §9.2): the caller sends BYE.
    if (dialog.state !== 'ringing' && dialog.state !== 'answering') return;
    respond(dialog.inviteTransaction, dialog.invite, 487, 'Request Terminated', { toTag: dialog.localTag });
    logger.info({ code: 'sip_cancelled', callId: dialog.callId }, 'the caller hung up while it rang');
    end(dialog);
  }

  function onBye(request: sip.SipRequest, transaction: sip.ServerTransaction): void {
    const dialog = dialogOf(request);
    if (!dialog || dialog.state === 'ended') return respond(transaction, request, 481, 'Call/Transaction Does Not Exist');
    respond(transaction, request, 200, 'OK');
    // A BYE while it rings (RFC 3261 §15) ends the INVITE too.
    if (dialog.state === 'ringing' || dialog.state === 'answering') respond(dialog.inviteTransaction, dialog.invite, 487, 'Request Terminated', { toTag: dialog.localTag });
    logger.info({ code: 'sip_bye', callId: dialog.callId }, 'the caller hung up');
    end(dialog);
  }

  /** Keypad digits sent as SIP INFO (application/dtmf-relay "Signal=5", or application/dtmf "5"). */
  function onInfo(request: sip.SipRequest, transaction: sip.ServerTransaction): void {
    const dialog = dialogOf(request);
    if (!dialog || dialog.state === 'ended') return respond(transaction, request, 481, 'Call/Transaction Does Not Exist');
    const type = String(request.headers['content-type'] ?? '').toLowerCase();
    const body = request.content ?? '';
    const digit = type.startsWith('application/dtmf-relay') ? /Signal\s*=\s*([0-9*#A-D])/i.exec(body)?.[1] : type.startsWith('application/dtmf') ? /^\s*([0-9*#A-D])\s*$/i.exec(body)?.[1] : undefined;
    if (!digit) return respond(transaction, request, 415, 'Unsupported Media Type', { headers: { accept: 'application/dtmf-relay, application/dtmf' } });
    respond(transaction, request, 200, 'OK');
    dialog.sink?.dtmf(digit.toUpperCase());
  }

  /** Our BYE, along the route the INVITE recorded, to the caller's contact. */
  function hangUp(dialog: Dialog, reason: 'stopped' | 'disconnected' = 'stopped'): void {
    if (dialog.state === 'ended') return;
    const answered = dialog.state === 'answered' || dialog.state === 'confirmed';
    if (!answered) {
      // Not answered yet: the INVITE is refused instead.
      respond(dialog.inviteTransaction, dialog.invite, 480, 'Temporarily Unavailable', { toTag: dialog.localTag });
      return end(dialog, reason);
    }
    const { invite } = dialog;
    // Record-Routes were checked readable when the INVITE came.
    const routeSet = (invite.headers['record-route'] ?? []).map((route) => ({ ...route, uri: sip.stringifyUri(route.uri) }));
    const remoteContact = Array.isArray(invite.headers.contact) ? invite.headers.contact[0]?.uri : undefined;
    const target = remoteContact ?? invite.headers.from.uri;
    const bye: sip.SipRequest = {
      method: 'BYE',
      uri: target,
      headers: {
        via: [],
        to: invite.headers.from,
        from: { ...invite.headers.to, params: { ...invite.headers.to.params, tag: dialog.localTag } },
        'call-id': dialog.callId,
        cseq: { seq: dialog.localSequence++, method: 'BYE' },
        'max-forwards': '70',
        ...(routeSet.length > 0 ? { route: routeSet } : {}),
      },
    };
    const nextHop = peerOf(routeSet[0]?.uri ?? target) ?? dialog.source;
    const byeAnswered = new Promise<void>((resolve) => {
      transport.request(bye, nextHop, (response) => {
        if (response.status >= 300) logger.warn({ code: 'sip_bye_refused', status: response.status }, `the caller answered our BYE with ${response.status} ${response.reason}`);
        resolve();
      });
    });
    byesInFlight.add(byeAnswered);
    void byeAnswered.then(() => byesInFlight.delete(byeAnswered));
    logger.info({ code: 'sip_hung_up', callId: dialog.callId }, 'hung up');
    end(dialog, reason);
  }

  /** `reason`: what the session is told ('stopped': hung up by either side; 'disconnected': the line failed). */
  function end(dialog: Dialog, reason: 'stopped' | 'disconnected' = 'stopped'): void {
    if (dialog.state === 'ended') return;
    const wasAnswered = dialog.sink !== null;
    dialog.state = 'ended';
    dialog.cancelRing?.();
    dialog.pendingAnswer?.cancel();
    dialog.pendingAnswer = null;
    dialog.line.close();
    if (wasAnswered) dialog.sink?.ended(reason);
    // The Call-ID stays known a while, so a late repeat of its requests is answered as over.
    options.setTimer(() => dialogs.delete(dialog.callId), ACK_WAIT_MS);
  }

  function dialogOf(request: sip.SipRequest): Dialog | undefined {
    const dialog = dialogs.get(request.headers['call-id']);
    return dialog && request.headers.to.params.tag === dialog.localTag ? dialog : undefined;
  }

  const activeCalls = () => [...dialogs.values()].filter((dialog) => dialog.state !== 'ended').length;

  /** Whether the Request-URI names our user (compared as written, %-escapes undone: user parts are case-sensitive). */
  function isForUs(uri: string | sip.SipUri, hostAlone: boolean): boolean {
    const parsed = sip.parseUri(uri);
    if (!parsed) return false;
    if (!parsed.user) return hostAlone;
    try {
      return decodeURIComponent(parsed.user) === options.user;
    } catch {
      return false;
    }
  }

  return {
    local: { address: advertised, port: transport.local.port },
    registration: () => registration?.state() ?? null,
    activeCalls,
    async close() {
      for (const dialog of dialogs.values()) hangUp(dialog, 'disconnected');
      await Promise.race([Promise.all([...byesInFlight]), new Promise((resolve) => options.setTimer(() => resolve(null), 2000))]);
      await registration?.close();
      await transport.close();
    },
  };
}

const randomTag = () => randomBytes(6).toString('hex');

const isSdp = (request: sip.SipRequest) => String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/sdp') && Boolean(request.content);

/** "Alice" <sip:alice@example.com;transport=udp> -> alice@example.com. */
export function callerOf(request: sip.SipRequest): string {
  const uri = sip.parseUri(request.headers.from.uri);
  if (!uri) return String(request.headers.from.uri).slice(0, 100);
  return (uri.user ? `${uri.user}@${uri.host}` : uri.host).slice(0, 100);
}

/** Where a SIP URI's requests go over UDP (a numeric host, or a name the socket resolves). */
function peerOf(uri: string): Peer | null {
  const parsed = sip.parseUri(uri);
  if (!parsed?.host) return null;
  const port = parsed.port || 5060;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { address: parsed.host.replace(/^\[|\]$/g, ''), port };
}
