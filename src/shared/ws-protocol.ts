import { z } from 'zod';
import { ContractErrorSchema } from './result.ts';

// The headless host's WebSocket wire format: JSON text frames, one message each.

/** Larger JSON messages get a `payload_too_large` reply; the socket stays open. */
export const MAX_JSON_MESSAGE_BYTES = 256 * 1024;

export const WsRequestSchema = z.object({
  type: z.literal('request'),
  id: z.union([z.string().min(1).max(64), z.number().int()]),
  method: z.string().min(1).max(64),
  params: z.unknown().optional(),
});
export type WsRequest = z.infer<typeof WsRequestSchema>;

export type WsReply = {
  type: 'reply';
  /** Null when the request was too broken to carry an id. */
  id: string | number | null;
  result: { ok: true; value: unknown } | { ok: false; error: z.infer<typeof ContractErrorSchema> };
};

export type WsEvent = { type: 'event'; event: string; payload: unknown };

export type WsServerMessage = WsReply | WsEvent;

export const TOKEN_QUERY_PARAM = 'token';
export const WS_PATH = '/ws';
