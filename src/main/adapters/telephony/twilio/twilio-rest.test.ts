import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../../testing/failure.ts';
import { startFakeTwilioRest } from './testing/fake-twilio-rest.ts';
import { createTwilioRest } from './twilio-rest.ts';

const ACCOUNT = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'fedcba9876543210fedcba9876543210';
let rest: Awaited<ReturnType<typeof startFakeTwilioRest>> | undefined;
afterEach(async () => {
  await rest?.close();
  rest = undefined;
});

describe("Twilio's REST API through the SDK", () => {
  it('hangs up with Status=completed and transfers with TwiML that dials the number, authenticated as the account', async () => {
    rest = await startFakeTwilioRest(ACCOUNT, TOKEN);
    const client = createTwilioRest({ accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl: rest.baseUrl });
    await client.hangUp('CA1');
    await client.dial('CA2', '+14155550100');
    expect(rest.updates).toEqual([
      { accountSid: ACCOUNT, callSid: 'CA1', form: { Status: 'completed' } },
      { accountSid: ACCOUNT, callSid: 'CA2', form: { Twiml: '<?xml version="1.0" encoding="UTF-8"?><Response><Dial>+14155550100</Dial></Response>' } },
    ]);
  });

  it('says plainly when Twilio refuses, and refuses a number not in international form itself', async () => {
    rest = await startFakeTwilioRest(ACCOUNT, TOKEN);
    const wrong = createTwilioRest({ accountSid: ACCOUNT, authToken: 'not-the-token', apiBaseUrl: rest.baseUrl });
    const refused = await failure(wrong.hangUp('CA1'));
    expect(refused).toMatchObject({ code: 'unauthorized' });
    expect(refused.message).toMatch(/^Twilio refused to hang up the call \(401\)/);
    const client = createTwilioRest({ accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl: rest.baseUrl });
    expect(await failure(client.dial('CA1', '555-0100'))).toMatchObject({ code: 'bad_request' });
    expect(rest.updates).toEqual([]);
  });
});
