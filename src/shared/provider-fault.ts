import { z } from 'zod';

/**
 * Why a model provider did not answer, as a user can act on it: the server at that address does
 * not answer (nothing listens, no such host), it took too long, it refused the key (401/403), the
 * key's quota is spent or requests are rate limited (429), the server failed (5xx), or it refused
 * the request itself (another 4xx: a model it does not have, say). The same fault is said in the
 * reply, in Status and in the inspector.
 */
export const ProviderFaultSchema = z.object({
  kind: z.enum(['unreachable', 'timeout', 'key_refused', 'quota_spent', 'rate_limited', 'server_error', 'rejected']),
  /** The server's address as the user set it (the base URL's origin). */
  address: z.string().max(300),
  /** The HTTP status, when the server answered at all. */
  status: z.number().int().nullable(),
  /** What the network or the server said, as given (English, technical: "connection refused"). */
  detail: z.string().max(500),
});
export type ProviderFault = z.infer<typeof ProviderFaultSchema>;
