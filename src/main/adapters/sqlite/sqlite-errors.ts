// SQLite result codes as node:sqlite reports them (`errcode`, extended codes carry the primary
// code in their low byte), sorted into what the stores do about them.

export const SQLITE_BUSY = 5;
export const SQLITE_LOCKED = 6;
export const SQLITE_READONLY = 8;
export const SQLITE_IOERR = 10;
export const SQLITE_CORRUPT = 11;
export const SQLITE_FULL = 13;
export const SQLITE_CANTOPEN = 14;
export const SQLITE_NOTADB = 26;

const NAMES: Record<number, string> = {
  [SQLITE_BUSY]: 'SQLITE_BUSY',
  [SQLITE_LOCKED]: 'SQLITE_LOCKED',
  [SQLITE_READONLY]: 'SQLITE_READONLY',
  [SQLITE_IOERR]: 'SQLITE_IOERR',
  [SQLITE_CORRUPT]: 'SQLITE_CORRUPT',
  [SQLITE_FULL]: 'SQLITE_FULL',
  [SQLITE_CANTOPEN]: 'SQLITE_CANTOPEN',
  [SQLITE_NOTADB]: 'SQLITE_NOTADB',
};

/** The extended codes a failing disk or file system gives most often. */
const EXTENDED_NAMES: Record<number, string> = {
  266: 'SQLITE_IOERR_READ',
  522: 'SQLITE_IOERR_SHORT_READ',
  778: 'SQLITE_IOERR_WRITE',
  1034: 'SQLITE_IOERR_FSYNC',
  1290: 'SQLITE_IOERR_DIR_FSYNC',
  1546: 'SQLITE_IOERR_TRUNCATE',
  1802: 'SQLITE_IOERR_FSTAT',
  2058: 'SQLITE_IOERR_UNLOCK',
  2570: 'SQLITE_IOERR_DELETE',
  3338: 'SQLITE_IOERR_NOMEM',
  3850: 'SQLITE_IOERR_LOCK',
  4618: 'SQLITE_IOERR_SHMOPEN',
  4874: 'SQLITE_IOERR_SHMSIZE',
  5386: 'SQLITE_IOERR_SHMMAP',
  1032: 'SQLITE_READONLY_DBMOVED',
  264: 'SQLITE_READONLY_RECOVERY',
  776: 'SQLITE_READONLY_ROLLBACK',
  1038: 'SQLITE_CANTOPEN_FULLPATH',
  267: 'SQLITE_CORRUPT_VTAB',
  779: 'SQLITE_CORRUPT_INDEX',
};

/** The error (or the SQLite error it wraps) and its result code, if it came from SQLite. */
function sqliteError(error: unknown): { errcode: number; errstr: string | null; message: string } | null {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const { errcode, errstr, message } = current as { errcode?: unknown; errstr?: unknown; message?: unknown };
    if (typeof errcode === 'number') {
      return { errcode, errstr: typeof errstr === 'string' ? errstr : null, message: typeof message === 'string' ? message : '' };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** The primary result code (SQLITE_IOERR_WRITE, 778, is SQLITE_IOERR, 10), or null. */
export function primaryCode(error: unknown): number | null {
  const found = sqliteError(error);
  return found === null ? null : found.errcode & 0xff;
}

/** The file is damaged: what quarantine and recovery are for. */
export function isCorruption(error: unknown): boolean {
  const code = primaryCode(error);
  if (code === SQLITE_CORRUPT || code === SQLITE_NOTADB) return true;
  // Errors re-thrown without their cause (the migrations wrap theirs) still carry the message.
  const message = error instanceof Error ? error.message : '';
  return /database disk image is malformed|file is not a database/.test(message);
}

/** Another connection holds the file. */
export function isBusy(error: unknown): boolean {
  const code = primaryCode(error);
  return code === SQLITE_BUSY || code === SQLITE_LOCKED;
}

/** The disk, the file system or the file failed us: full, I/O error, read-only, cannot open, damaged. */
export function isStorageFailure(error: unknown): boolean {
  const code = primaryCode(error);
  return (
    code === SQLITE_FULL ||
    code === SQLITE_IOERR ||
    code === SQLITE_READONLY ||
    code === SQLITE_CANTOPEN ||
    isCorruption(error)
  );
}

/** "database or disk is full (SQLITE_FULL)": SQLite's words and the code's name. */
export function sqliteReason(error: unknown): string {
  const found = sqliteError(error);
  if (found === null) return error instanceof Error ? error.message : String(error);
  const name = NAMES[found.errcode & 0xff] ?? `SQLite error ${found.errcode & 0xff}`;
  const extended = (found.errcode & 0xff) === found.errcode ? name : (EXTENDED_NAMES[found.errcode] ?? `${name}, extended code ${found.errcode}`);
  return `${found.errstr ?? found.message} (${extended})`;
}
