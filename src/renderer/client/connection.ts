import type { AssistantApi } from '../../shared/contract.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** Why the connection is closed for good; null while it can still recover. */
export type ConnectionProblem = 'unauthorized' | null;

export type ConnectionListener = (state: ConnectionState, problem: ConnectionProblem) => void;

export type ConnectionMonitor = {
  /** The listener hears the current state at once, then every change. */
  onConnection(listener: ConnectionListener): () => void;
};

/** The contract plus the state of the link carrying it. */
export type AssistantClient = AssistantApi & ConnectionMonitor;

export const UNAUTHORIZED_MESSAGE =
  "This page's access token is missing or wrong: open the URL the host printed.";
