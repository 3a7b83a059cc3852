// The renderer's Content-Security-Policy, one copy for every way the page is served: the meta tag
// of the built HTML (electron.vite.config.ts), the headless host's header and the Electron app://
// handler. 'wasm-unsafe-eval' lets the VAD's onnxruntime-web compile its WASM; nothing else may run
// that the app did not ship.
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** For a <meta> tag, where frame-ancestors is not allowed. */
export const RENDERER_CSP_META = DIRECTIVES.join('; ');

/** For an HTTP header. */
export const RENDERER_CSP = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');
