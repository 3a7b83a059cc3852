import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every bench, in the smoke run's small counts (bench/run.ts --smoke), in a process of its own:
// each must run to its end and give every figure it promises as a finite number. Nothing is timed
// here; a bench that broke silently would otherwise be found only by whoever next reads a run.

const RUNNER = fileURLToPath(new URL('./run.ts', import.meta.url));
const BENCHES = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((name) => name.endsWith('.bench.ts'));

function smokeRun(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', RUNNER, '--smoke'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('benchmarks (smoke run)', () => {
  it('runs every bench, and each gives every figure it promises as a finite number', { timeout: 300_000 }, async () => {
    const { code, stdout, stderr } = await smokeRun();
    const figures = JSON.parse(stdout) as Record<string, unknown>;
    expect(figures['meta.failures'], stderr).toBeUndefined();
    expect(code, stderr).toBe(0);
    expect(figures['meta.smoke']).toBe(true);
    // Every bench file was run and reported.
    expect(BENCHES.length).toBeGreaterThan(10);
    for (const bench of BENCHES) expect(stderr).toMatch(new RegExp(`bench: ${bench.replace('.', '\\.')} \\.\\.\\. \\d+ ms`));
    const measured = Object.entries(figures).filter(([name]) => !name.startsWith('meta.'));
    expect(measured.length).toBeGreaterThan(100);
    for (const [name, value] of measured) expect(Number.isFinite(value), name).toBe(true);
  });
});
