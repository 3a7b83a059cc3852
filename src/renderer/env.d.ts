// A script file (no top-level import), so these declarations are global.

interface Window {
  /** Present only inside Electron, where the preload exposes the contract. */
  readonly assistant?: import('../shared/contract.ts').AssistantApi;
}

declare module '*.css';
