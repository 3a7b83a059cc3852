import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.ts';
import { REPO_CONFIG_DIR } from '../testing/test-host.ts';
import { createDefault, createForRealtimeVoice, loadMoeConfig, loadSpecialists, withThresholds } from './moe-composition.ts';
import pino from 'pino';
import type { TurnTrace } from '../../shared/trace.ts';

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.remove());

const deps = (traces: TurnTrace[]) => ({
  clock: { now: () => Date.now() },
  chatModel: null,
  cacheStore: null,
  tracer: { record: (trace: TurnTrace) => void traces.push(trace) },
  logger: pino({ level: 'silent' }),
});
const context = { sessionId: null, voiceMode: false, timeZone: 'UTC', locale: 'en' };

describe('orchestrator factories', () => {
  it('read the shipped YAML, the voice file layered over the default one', () => {
    temp = makeTempDir('moe-config');
    const base = loadMoeConfig(REPO_CONFIG_DIR, temp.path, 'default');
    const voice = loadMoeConfig(REPO_CONFIG_DIR, temp.path, 'realtime_voice');
    expect(base.errors).toEqual([]);
    expect(voice.errors).toEqual([]);
    expect(base.value.router).toMatchObject({ embeddingWeight: 0.4, classifierWeight: 0.6, k: 3 });
    expect(voice.value.router).toMatchObject({ embeddingWeight: 0.4, k: 2, fastPathThreshold: 0.6 });
    expect(voice.value.execution.queryDeadlineMs).toBeLessThan(base.value.execution.queryDeadlineMs);
    expect(voice.value.voice.optimize).toBe(true);
  });

  it('apply the user override and report a broken field by file and line', () => {
    temp = makeTempDir('moe-config');
    writeFileSync(join(temp.path, 'moe_orchestrator.yaml'), 'router:\n  k: 5\n  fastPathThreshold: high\n');
    const { value, errors } = loadMoeConfig(REPO_CONFIG_DIR, temp.path, 'default');
    expect(value.router.k).toBe(5);
    expect(value.router.fastPathThreshold).toBe(0.7);
    expect(errors).toEqual([expect.objectContaining({ file: join(temp.path, 'moe_orchestrator.yaml'), line: 3, field: 'router.fastPathThreshold' })]);
  });

  it('take the thresholds saved in Settings over the YAML, and the YAML where they are empty', () => {
    temp = makeTempDir('moe-config');
    const base = loadMoeConfig(REPO_CONFIG_DIR, temp.path, 'default').value;
    const thresholds = { cacheSimilarity: null, routerMinConfidence: null, vadSpeech: 0.6, bargeInMinSpeechMs: null };
    expect(withThresholds(base, thresholds)).toEqual(base);
    const tuned = withThresholds(base, { ...thresholds, cacheSimilarity: 0.97, routerMinConfidence: 0.1 });
    expect(tuned.cache.similarityThreshold).toBe(0.97);
    expect(tuned.router.minConfidence).toBe(0.1);
    expect(tuned.router.k).toBe(base.router.k);
    expect(base.cache.similarityThreshold).toBe(0.92);
  });

  it('build working orchestrators from the shipped specialists, the voice one speaking style', async () => {
    temp = makeTempDir('moe-config');
    const { setup, errors } = loadSpecialists(REPO_CONFIG_DIR, temp.path, null);
    expect(errors).toEqual([]);
    // Without the app's store there are no timers either.
    expect(setup.unavailable.map((agent) => agent.name)).toEqual(['timers', 'general']);
    const traces: TurnTrace[] = [];
    const text = createDefault(setup, loadMoeConfig(REPO_CONFIG_DIR, temp.path, 'default').value, deps(traces));
    const voice = createForRealtimeVoice(setup, loadMoeConfig(REPO_CONFIG_DIR, temp.path, 'realtime_voice').value, deps(traces));
    const typed = await text.process('what is 15 percent of 240', context);
    const spoken = await voice.process('what is 15 percent of 240', context);
    expect(typed.text).toContain('36');
    expect(spoken.text).toContain('36');
    expect(typed.trace.voiceMode).toBe(false);
    expect(spoken.trace.voiceMode).toBe(true);
    expect(spoken.trace.aggregation?.speakingTimeMs).toBeGreaterThan(0);
    expect(traces).toHaveLength(2);
  });

  it('start on the built-in agents when agents.yaml is broken, naming the line', () => {
    temp = makeTempDir('moe-config');
    mkdirSync(temp.path, { recursive: true });
    writeFileSync(join(temp.path, 'agents.yaml'), 'agents:\n  calculator:\n    enabled: [oops\n');
    const { setup, errors } = loadSpecialists(REPO_CONFIG_DIR, temp.path, null);
    expect(setup.agents.map((agent) => agent.name)).toEqual(expect.arrayContaining(['clock', 'calculator', 'date_calculator']));
    expect(errors[0]).toMatchObject({ file: join(temp.path, 'agents.yaml'), line: expect.any(Number) });
    expect(errors[0]!.message).toMatch(/syntax/);
  });
});
