import { z } from 'zod';
import { defineTool, type Tool } from '../core/tools/tool.ts';
import type { PhoneCalls } from './phone-calls.ts';

// What an agent can do to the phone call its session is: hang up, and hand the caller to a person
// at another number. In a session that is not a call, each says so (the model is told).

const NOT_A_CALL = 'this conversation is not a phone call';

export function callTools(phone: () => PhoneCalls): Tool[] {
  const callOf = (sessionId: string | null) => {
    const call = sessionId ? phone().callOfSession(sessionId) : null;
    if (!call || call.state === 'ended') throw new Error(NOT_A_CALL);
    return call;
  };
  return [
    defineTool({
      name: 'hang_up',
      description: 'Ends the phone call, once the caller is done or asks to hang up. Say goodbye first.',
      parameters: z.object({}),
      async run(_args, context) {
        const call = callOf(context.sessionId);
        phone().hangUpAfterTurn(call.id);
        return 'The call will end once your goodbye has been said.';
      },
    }),
    defineTool({
      name: 'transfer_call',
      description: 'Hands the phone call to a person at one of the numbers the owner allows (you are told them if you pick another), when the caller asks for one. The number in international form, e.g. +14155550100.',
      parameters: z.object({ number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'a number in international form: + and up to 15 digits') }),
      async run({ number }, context) {
        const call = callOf(context.sessionId);
        await phone().transfer(call.id, number);
        return `The call is being transferred to ${number}.`;
      },
      timeoutMs: 15_000,
    }),
  ];
}
