import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEspeakEngine, createWorkerThreadEngine } from '../src/main/adapters/embedded/espeak-engine.ts';

// The built main bundle (`electron-vite build`, run by `npm test` before this project) carries
// espeak-ng's worker thread as its own file beside index.js, where the bundled engine looks for it.

const BUILT_MAIN = new URL('../out/main/', import.meta.url);

describe('the built main process bundle', () => {
  it('has an espeak-ng worker thread that speaks, beside index.js', async () => {
    expect(existsSync(new URL('index.js', BUILT_MAIN))).toBe(true);
    const threaded = createWorkerThreadEngine(new URL('espeak-thread.js', BUILT_MAIN));
    try {
      const engine = createEspeakEngine(threaded);
      const samples = await engine.synthesize('gmw/en-US', 175, 'The built worker speaks.');
      expect(samples.length).toBeGreaterThan(22_050);
      // Had the file been missing, the engine would have moved to the main thread.
      expect(engine.where).toBe('worker thread');
    } finally {
      await threaded.close();
    }
  });
});
