import { createReadStream } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { RENDERER_CSP_META } from './src/main/host/content-security-policy.ts';


// Added only to the built HTML: the dev server's React refresh needs an inline script the policy forbids.
const contentSecurityPolicy = (): Plugin => ({
  name: 'assistant:csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CSP_META }, injectTo: 'head-prepend' },
  ],
});

// Everything the renderer's Silero VAD loads at run time, served by the app itself (never a CDN):
// vad-web's worklet and model, and onnxruntime-web's WASM runtime. The page points MicVAD at
// `vad/` (src/renderer/audio/capture/speech-detector.ts).
export const VAD_ASSETS = [
  'node_modules/@ricky0123/vad-web/dist/vad.worklet.bundle.min.js',
  'node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx',
  'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm',
  'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs',
];

const vadAssets = (): Plugin => {
  let outDir = '';
  const byName = new Map(VAD_ASSETS.map((file) => [file.split('/').at(-1) as string, resolve(import.meta.dirname, file)]));
  return {
    name: 'assistant:vad-assets',
    configResolved: (config) => {
      outDir = config.build.outDir;
    },
    // The dev server serves them from node_modules under the same path.
    configureServer(server) {
      server.middlewares.use('/vad/', (request, response, next) => {
        const file = byName.get((request.url ?? '').split('?')[0]?.replace(/^\//, '') ?? '');
        if (!file) return next();
        const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.onnx') ? 'application/octet-stream' : 'text/javascript';
        response.setHeader('Content-Type', type);
        createReadStream(file).pipe(response);
      });
    },
    async writeBundle() {
      const target = join(outDir, 'vad');
      await mkdir(target, { recursive: true });
      await Promise.all([...byName].map(([name, file]) => copyFile(file, join(target, name))));
    },
  };
};

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/app/main.ts'),
          // Started as a worker thread by src/main/adapters/embedded/espeak-engine.ts, from beside index.js.
          'espeak-thread': resolve(import.meta.dirname, 'src/main/adapters/embedded/espeak-thread.ts'),
        },
        external: ['node:sqlite'],
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load ES modules or other files: one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react(), contentSecurityPolicy(), vadAssets()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      // The headless host serves this over HTTP; Electron loads it from disk. Both like it small.
      minify: true,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
