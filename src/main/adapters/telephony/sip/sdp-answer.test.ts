import { describe, expect, it } from 'vitest';
import { readAudioOffer, writeAudioAnswer } from './sdp-answer.ts';

// Offers as the peers write them: sipp's uac_pcap scenario (PCMU and telephone-event 101),
// baresip (several codecs, telephone-event remapped), and a hold re-INVITE.

const SIPP_OFFER = ['v=0', 'o=user1 53655765 2353687637 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 6000 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-11,16', ''].join('\r\n');
const BARESIP_OFFER = [
  'v=0',
  'o=- 1823412 3281932 IN IP4 192.168.1.20',
  's=-',
  'c=IN IP4 192.168.1.20',
  't=0 0',
  'm=audio 10002 RTP/AVP 96 9 8 0 97',
  'a=rtpmap:96 opus/48000/2',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:97 telephone-event/8000',
  'a=fmtp:97 0-15',
  'a=ptime:20',
  'a=sendrecv',
  '',
].join('\r\n');

describe('SDP offer and answer', () => {
  it("reads sipp's offer: where to send, PCMU and its telephone-event type", () => {
    expect(readAudioOffer(SIPP_OFFER)).toEqual({ ok: true, offer: { address: '127.0.0.1', port: 6000, pcmuPayloadType: 0, telephoneEventPayloadType: 101, onHold: false, ptimeMs: 20 } });
  });

  it("picks PCMU among baresip's codecs and keeps its telephone-event payload type", () => {
    const checked = readAudioOffer(BARESIP_OFFER);
    expect(checked).toMatchObject({ ok: true, offer: { address: '192.168.1.20', port: 10002, pcmuPayloadType: 0, telephoneEventPayloadType: 97 } });
  });

  it('sees a hold (sendonly, or the old 0.0.0.0) and answers it recvonly', () => {
    const hold = readAudioOffer(BARESIP_OFFER.replace('a=sendrecv', 'a=sendonly'));
    expect(hold).toMatchObject({ ok: true, offer: { onHold: true } });
    expect(readAudioOffer(SIPP_OFFER.replace('c=IN IP4 127.0.0.1', 'c=IN IP4 0.0.0.0'))).toMatchObject({ ok: true, offer: { onHold: true } });
    if (!hold.ok) throw new Error('unreachable');
    expect(writeAudioAnswer(hold.offer, { address: '127.0.0.1', port: 20000, version: 2, sessionId: 7 })).toContain('a=recvonly');
  });

  it('refuses an offer without PCMU, without audio, or that is not SDP, saying why', () => {
    expect(readAudioOffer(BARESIP_OFFER.replace('m=audio 10002 RTP/AVP 96 9 8 0 97', 'm=audio 10002 RTP/AVP 96 9 8 97'))).toEqual({ ok: false, reason: 'the offer has no PCMU/8000 (the only codec taken)' });
    expect(readAudioOffer(SIPP_OFFER.replace('m=audio', 'm=video'))).toEqual({ ok: false, reason: 'the offer has no audio stream' });
    expect(readAudioOffer('hello').ok).toBe(false);
  });

  it('answers PCMU at 20 ms with telephone-event 0-15, in a form the offer parser reads back', () => {
    const checked = readAudioOffer(SIPP_OFFER);
    if (!checked.ok) throw new Error(checked.reason);
    const answer = writeAudioAnswer(checked.offer, { address: '127.0.0.1', port: 20000, version: 1, sessionId: 42 });
    expect(answer).toContain('m=audio 20000 RTP/AVP 0 101');
    expect(answer).toContain('a=rtpmap:0 PCMU/8000');
    expect(answer).toContain('a=fmtp:101 0-15');
    expect(readAudioOffer(answer)).toEqual({ ok: true, offer: { address: '127.0.0.1', port: 20000, pcmuPayloadType: 0, telephoneEventPayloadType: 101, onHold: false, ptimeMs: 20 } });
  });
});
