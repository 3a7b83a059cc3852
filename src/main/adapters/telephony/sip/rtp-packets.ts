import { packets } from 'rtp.js';

// RTP packets (RFC 3550) of a call, through rtp.js: what arrives read (or refused: RTCP, garbage),
// what goes out written. Payloads are PCMU frames or RFC 4733 telephone-events.

export interface RtpFields {
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  marker: boolean;
  payload: Uint8Array;
}

/** Null for anything that is not an RTP packet (RTCP on the same port, stray bytes). */
export function readRtp(datagram: Uint8Array): RtpFields | null {
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  // RTCP shares the port (RFC 5761): its packet types 192-223 would read as RTP with the marker set.
  const secondByte = datagram[1];
  if (secondByte === undefined || (secondByte >= 192 && secondByte <= 223) || !packets.isRtp(view)) return null;
  try {
    const packet = new packets.RtpPacket(view);
    const payload = packet.getPayload();
    return {
      payloadType: packet.getPayloadType(),
      sequence: packet.getSequenceNumber(),
      timestamp: packet.getTimestamp(),
      ssrc: packet.getSsrc(),
      marker: packet.getMarker(),
      // A copy: the datagram's buffer is reused by the socket.
      payload: new Uint8Array(payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.byteLength)),
    };
  } catch {
    return null;
  }
}

export function writeRtp(fields: RtpFields): Uint8Array {
  const packet = new packets.RtpPacket();
  packet.setPayloadType(fields.payloadType);
  packet.setSequenceNumber(fields.sequence & 0xffff);
  packet.setTimestamp(fields.timestamp >>> 0);
  packet.setSsrc(fields.ssrc >>> 0);
  packet.setMarker(fields.marker);
  packet.setPayload(new DataView(fields.payload.buffer, fields.payload.byteOffset, fields.payload.byteLength));
  const bytes = new ArrayBuffer(packet.getByteLength());
  packet.serialize(bytes);
  return new Uint8Array(bytes);
}
