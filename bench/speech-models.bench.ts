import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ModelDownloader } from '../src/main/adapters/local-stt/model-downloader.ts';
import { MANIFEST_NAME, modelDir } from '../src/main/adapters/local-stt/model-manifest.ts';
import { SPEECH_MODELS } from '../src/main/adapters/local-stt/speech-model-catalog.ts';
import { sized } from './support/scale.ts';

// What checking a downloaded speech model costs before it is offered as ready: the largest model
// of the catalog (base.en, about 161 MB) as files of its sizes, each hashed against its manifest
// the first time in a run (cold) and then known by inode, size and times (warm).

export const figures = ['speech_models.verify_bytes', 'speech_models.verify_cold_ms', 'speech_models.verify_warm_p50_ms'];

export async function run(): Promise<Record<string, unknown>> {
  // The smoke run checks the smallest model: the same code on far fewer bytes.
  const bySize = [...SPEECH_MODELS].sort((a, b) => total(b) - total(a));
  const model = sized(bySize[0]!, bySize.at(-1)!);
  const dataDir = mkdtempSync(join(tmpdir(), 'speech-models-bench-'));
  try {
    const dir = modelDir(dataDir, model.id);
    mkdirSync(dir, { recursive: true });
    const files: Record<string, unknown> = {};
    for (const file of model.files) {
      const bytes = randomBytes(Math.round(file.sizeBytes));
      writeFileSync(join(dir, file.name), bytes);
      files[file.name] = { size: bytes.length, algorithm: 'sha256', checksum: createHash('sha256').update(bytes).digest('hex'), source: 'server' };
    }
    writeFileSync(join(dir, MANIFEST_NAME), JSON.stringify({ modelId: model.id, revision: model.revision, files }));
    const downloader = new ModelDownloader({ dataDir });
    const cold = time(() => downloader.installed(model));
    const warm = Array.from({ length: 100 }, () => time(() => downloader.installed(model))).sort((a, b) => a - b);
    return {
      'speech_models.verify_bytes': total(model),
      'speech_models.verify_cold_ms': round(cold),
      'speech_models.verify_warm_p50_ms': round(warm[50]!),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const total = (model: (typeof SPEECH_MODELS)[number]) => Math.round(model.files.reduce((sum, file) => sum + file.sizeBytes, 0));
const round = (ms: number) => Math.round(ms * 100) / 100;

function time(work: () => unknown): number {
  const started = performance.now();
  if (!work()) throw new Error('the model was not taken as ready');
  return performance.now() - started;
}
