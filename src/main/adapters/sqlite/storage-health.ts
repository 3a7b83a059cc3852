import { AppError } from '../../core/errors.ts';
import { isCorruption, isStorageFailure, primaryCode, sqliteReason } from './sqlite-errors.ts';

/** What the storage code logs through: pino's Logger fits. */
export interface StorageLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A problem with the database file, as AppStatus.storage.problems carries it (src/shared/contract.ts). */
export interface StorageProblem {
  kind: 'corrupt' | 'truncated' | 'write_failed' | 'read_failed';
  message: string;
  quarantinedAs: string | null;
  recovered: { sessions: number; turns: number; traces: number } | null;
  at: number;
  count: number;
}

/** AppStatus.storage. */
export interface StorageStatus {
  path: string;
  problems: StorageProblem[];
}

/** Told about a failed read or write; the stores call it before throwing. */
export type StorageErrorSink = (error: unknown, action: string, access: 'read' | 'write') => void;

export interface StorageHealth {
  readonly path: string;
  /** A problem found at start (quarantine) or otherwise known; logged by the caller. */
  add(problem: Omit<StorageProblem, 'count'>): void;
  /** A SQLite failure met while serving: recorded once per kind and reason, logged the first time. */
  report: StorageErrorSink;
  status(): StorageStatus;
  /** Called after every new problem (the host pushes status). */
  onChange(listener: () => void): () => void;
}

/** Problems kept for the status, oldest first; older ones drop off. */
const MAX_PROBLEMS = 20;

export function createStorageHealth(path: string, options: { now?: () => number; log?: StorageLog } = {}): StorageHealth {
  const now = options.now ?? Date.now;
  const problems: StorageProblem[] = [];
  const seen = new Map<string, StorageProblem>();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own business; the problem is recorded.
      }
    }
  };

  return {
    path,
    add(problem) {
      if (problems.length >= MAX_PROBLEMS) problems.shift();
      problems.push({ ...problem, count: 1 });
      changed();
    },
    report(error, action, access) {
      const reason = sqliteReason(error);
      const kind: StorageProblem['kind'] = isCorruption(error) ? 'corrupt' : access === 'write' ? 'write_failed' : 'read_failed';
      const key = `${kind}|${reason}`;
      const known = seen.get(key);
      if (known !== undefined) {
        known.count += 1;
        return;
      }
      const advice = kind === 'corrupt' ? '; restart the app to set the damaged file aside and recover your history' : '';
      const problem: StorageProblem = { kind, message: `${action} in ${path}: ${reason}${advice}`, quarantinedAs: null, recovered: null, at: now(), count: 1 };
      seen.set(key, problem);
      if (problems.length >= MAX_PROBLEMS) problems.shift();
      problems.push(problem);
      try {
        // Once per kind and reason. A full disk may refuse the log file too; stderr and the UI still get the line.
        options.log?.error({ code: `store_${kind}`, path, reason, sqliteCode: primaryCode(error), action }, problem.message);
      } catch {
        // Logging must never turn a failed write into a crash.
      }
      changed();
    },
    status: () => ({ path, problems: problems.map((problem) => ({ ...problem })) }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * For a store's catch block: a failure of the disk or file (full, I/O, read-only, cannot open,
 * damaged) is told to `sink` and becomes a storage_error naming SQLite's reason; anything else
 * (a constraint, a bug) gives null for the store to handle as before.
 */
export function storageFailure(
  error: unknown,
  action: string,
  access: 'read' | 'write',
  sink: StorageErrorSink | undefined,
): AppError | null {
  if (error instanceof AppError || !isStorageFailure(error)) return null;
  sink?.(error, action, access);
  return new AppError('storage_error', `${action}: ${sqliteReason(error)}`, { cause: error });
}
