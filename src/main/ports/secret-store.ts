/**
 * Where provider API keys are kept. `get` answers from memory (the secrets are read once when the
 * store opens); `set` and `delete` resolve once the change is on disk and throw an AppError when
 * it could not be stored, leaving the previous value in place.
 */
export interface SecretStore {
  /** `os-keychain`: encrypted with a key the operating system keeps; `file`: a file only the user can read. */
  readonly kind: 'os-keychain' | 'file';
  /** The file holding the secrets (never a value), for the status panel and the log. */
  readonly path: string;
  /** Problems met when the secrets were read (a corrupt file set aside, permissions fixed), for the log. */
  readonly openWarnings: readonly SecretStoreWarning[];
  get(name: string): string | null;
  /** The names of the stored secrets (never their values). */
  names(): string[];
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  /** Why `set` would refuse (e.g. no OS keyring), in words a user can act on; null when it can store. */
  unavailableReason(): string | null;
}

export interface SecretStoreWarning {
  code: 'secrets_corrupt' | 'secrets_permissions_fixed' | 'secret_undecryptable';
  message: string;
}
