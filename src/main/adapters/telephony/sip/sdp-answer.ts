import { isIP } from 'node:net';
import * as sdpTransform from 'sdp-transform';

// The SDP of a SIP call (RFC 4566, offer/answer RFC 3264) through sdp-transform: what the caller
// offers (where to send RTP, which payload types carry PCMU and telephone-event, whether it holds
// the call) and the answer that accepts PCMU/8000 with RFC 4733 DTMF.

export interface AudioOffer {
  /** Where the caller wants our RTP. */
  address: string;
  port: number;
  /** The payload type the caller gave PCMU (0 by the static table unless remapped). */
  pcmuPayloadType: number;
  /** The caller's telephone-event payload type, if it offers one. */
  telephoneEventPayloadType: number | null;
  /** sendonly/inactive from the caller, or a 0.0.0.0 address (the old way): the call is on hold. */
  onHold: boolean;
  /** The caller's packet time, ms (default 20). */
  ptimeMs: number;
}

export type OfferCheck = { ok: true; offer: AudioOffer } | { ok: false; reason: string };

export function readAudioOffer(sdp: string): OfferCheck {
  let session: sdpTransform.SessionDescription;
  try {
    session = sdpTransform.parse(sdp);
  } catch (error) {
    return { ok: false, reason: `unreadable SDP: ${(error as Error).message}` };
  }
  const audio = session.media.find((media) => media.type === 'audio' && media.port !== 0);
  if (!audio) return { ok: false, reason: 'the offer has no audio stream' };
  const payloads = String(audio.payloads ?? '').split(/\s+/).filter(Boolean).map(Number);
  const rtpmap = (name: string, rate: number) => audio.rtp.find((entry) => entry.codec.toLowerCase() === name && entry.rate === rate)?.payload;
  // PCMU is static payload type 0 when no rtpmap names it (RFC 3551).
  const pcmu = rtpmap('pcmu', 8000) ?? (payloads.includes(0) ? 0 : undefined);
  if (pcmu === undefined || !payloads.includes(pcmu)) return { ok: false, reason: 'the offer has no PCMU/8000 (the only codec taken)' };
  const address = audio.connection?.ip ?? session.connection?.ip;
  if (!address) return { ok: false, reason: 'the offer gives no connection address' };
  // A name would be looked up for every 20 ms packet, and RTP from it could not be matched.
  if (isIP(address) === 0) return { ok: false, reason: `the offer's connection address ${address.slice(0, 64)} is not an IP address` };
  if (!Number.isInteger(audio.port) || audio.port < 1 || audio.port > 65535) return { ok: false, reason: `the offer's audio port ${String(audio.port).slice(0, 16)} is not a UDP port` };
  const direction = audio.direction ?? session.direction ?? 'sendrecv';
  const telephoneEvent = rtpmap('telephone-event', 8000);
  return {
    ok: true,
    offer: {
      address,
      port: audio.port,
      pcmuPayloadType: pcmu,
      telephoneEventPayloadType: telephoneEvent !== undefined && payloads.includes(telephoneEvent) ? telephoneEvent : null,
      onHold: direction === 'sendonly' || direction === 'inactive' || address === '0.0.0.0',
      ptimeMs: audio.ptime ?? 20,
    },
  };
}

export interface AnswerOptions {
  /** Our RTP address and port. */
  address: string;
  port: number;
  /** Increases with each new answer in a dialog (a re-INVITE). */
  version: number;
  sessionId: number;
}

/** Accepts PCMU (and telephone-event, when offered) at 20 ms; answers a hold with recvonly. */
export function writeAudioAnswer(offer: AudioOffer, options: AnswerOptions): string {
  const payloads = [offer.pcmuPayloadType, ...(offer.telephoneEventPayloadType !== null ? [offer.telephoneEventPayloadType] : [])];
  const ipVersion = isIP(options.address) === 6 ? 6 : 4;
  const session: sdpTransform.SessionDescription = {
    version: 0,
    origin: { username: '-', sessionId: options.sessionId, sessionVersion: options.version, netType: 'IN', ipVer: ipVersion, address: options.address },
    name: 'Voice Assistant',
    connection: { version: ipVersion, ip: options.address },
    timing: { start: 0, stop: 0 },
    media: [
      {
        type: 'audio',
        port: options.port,
        protocol: 'RTP/AVP',
        payloads: payloads.join(' '),
        rtp: [
          { payload: offer.pcmuPayloadType, codec: 'PCMU', rate: 8000 },
          ...(offer.telephoneEventPayloadType !== null ? [{ payload: offer.telephoneEventPayloadType, codec: 'telephone-event', rate: 8000 }] : []),
        ],
        fmtp: offer.telephoneEventPayloadType !== null ? [{ payload: offer.telephoneEventPayloadType, config: '0-15' }] : [],
        ptime: 20,
        direction: offer.onHold ? 'recvonly' : 'sendrecv',
      },
    ],
  };
  return sdpTransform.write(session);
}
