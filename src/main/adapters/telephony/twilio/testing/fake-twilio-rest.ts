import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// Twilio's REST API for calls, as much as the bridge uses: `POST
// /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json` with HTTP basic auth (account SID, auth
// token) and a form body (Status, Twiml), answering with the call resource as JSON.

export interface CallUpdate {
  accountSid: string;
  callSid: string;
  form: Record<string, string>;
}

export async function startFakeTwilioRest(accountSid: string, authToken: string) {
  const updates: CallUpdate[] = [];
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      const json = (status: number, body: unknown) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      if (request.headers.authorization !== expected) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
      const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Calls\/(CA[0-9a-zA-Z]+)\.json$/.exec(request.url ?? '');
      if (request.method !== 'POST' || !match || match[1] !== accountSid) return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(parts).toString('utf8')));
      updates.push({ accountSid: match[1]!, callSid: match[2]!, form });
      json(200, { sid: match[2], account_sid: match[1], status: form.Status ?? 'in-progress', uri: request.url });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    updates,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
