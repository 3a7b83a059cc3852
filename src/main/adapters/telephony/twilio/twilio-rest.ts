import twilio from 'twilio';
import { AppError } from '../../../core/errors.ts';

// Twilio's REST API through the official SDK, for what an agent may do to a call: hang up
// (Status=completed) and transfer (new TwiML that dials another number). `apiBaseUrl` sends the
// SDK's requests to another server speaking the same API (a local fake in tests).

const TWILIO_API = 'https://api.twilio.com';
/** E.164: + and up to 15 digits. */
const E164 = /^\+[1-9]\d{6,14}$/;

export interface TwilioRest {
  hangUp(callSid: string): Promise<void>;
  /** Replaces the call's TwiML with a <Dial> to `number` (E.164). */
  dial(callSid: string, number: string): Promise<void>;
}

export interface TwilioRestOptions {
  accountSid: string;
  authToken: string;
  /** Default https://api.twilio.com. */
  apiBaseUrl?: string;
}

export function createTwilioRest(options: TwilioRestOptions): TwilioRest {
  const base = options.apiBaseUrl?.replace(/\/+$/, '');
  class RedirectingClient extends twilio.RequestClient {
    override request<TData>(opts: Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & { uri: string }) {
      // The SDK types its options generically in a way a subclass cannot restate; the object is theirs, only the address changes.
      return super.request<TData>((base ? { ...opts, uri: opts.uri.replace(TWILIO_API, base) } : opts) as never);
    }
  }
  const client = twilio(options.accountSid, options.authToken, { httpClient: new RedirectingClient() });

  async function update(callSid: string, change: { status?: 'completed'; twiml?: string }, what: string): Promise<void> {
    try {
      await client.calls(callSid).update(change);
    } catch (error) {
      const status = (error as { status?: number }).status;
      const reason = (error as Error).message;
      throw new AppError(status === 401 || status === 403 ? 'unauthorized' : status === 404 ? 'not_found' : 'unavailable', `Twilio refused to ${what}${status ? ` (${status})` : ''}: ${reason}`, {
        retryable: status === undefined || status >= 500,
        cause: error,
      });
    }
  }

  return {
    hangUp: (callSid) => update(callSid, { status: 'completed' }, 'hang up the call'),
    async dial(callSid, number) {
      if (!E164.test(number)) throw new AppError('bad_request', `"${number}" is not a phone number in international form (+ and up to 15 digits)`);
      const twiml = new twilio.twiml.VoiceResponse();
      twiml.dial(number);
      await update(callSid, { twiml: twiml.toString() }, 'transfer the call');
    },
  };
}
