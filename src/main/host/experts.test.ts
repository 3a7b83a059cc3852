import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryTimerBook } from '../core/timers/testing/memory-timer-book.ts';
import { contextForTests, resultOf } from '../core/experts/testing/context-for-tests.ts';
import type { ChatModel } from '../ports/chat-model.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { startFakeOpenMeteoServer, type FakeOpenMeteoServer } from '../adapters/testing/fake-open-meteo-server.ts';
import { AgentsConfigSchema, defaultAgentsConfig, loadAgentsConfig } from '../adapters/config/experts-config.ts';
import { createAgents } from './experts.ts';

const SHIPPED = new URL('../../../config/agents.yaml', import.meta.url).pathname;
const chatModel: ChatModel = {
  provider: 'openai',
  complete: async (request) => ({ text: `echo: ${request.messages.at(-1)!.content}`, model: 'fake', inputTokens: 3, outputTokens: 2 }),
  stream: async function* () {
    yield* [];
  },
};

let dir: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  dir = makeTempDir('experts-config');
});
afterAll(() => dir.remove());

function userFile(text: string): string {
  const path = join(dir.path, `agents-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return path;
}

describe('loading agents.yaml', () => {
  it('the shipped file is valid and equals the built-in defaults', () => {
    const { value, errors, warnings } = loadAgentsConfig([SHIPPED]);
    expect([...errors, ...warnings]).toEqual([]);
    expect(value).toEqual(defaultAgentsConfig());
    expect(Object.keys(value.agents)).toEqual(['clock', 'calculator', 'date_calculator', 'small_talk', 'timers', 'general', 'weather']);
  });

  it('merges the user file over the shipped one, field by field', () => {
    const user = userFile(
      [
        'agents:',
        '  clock:',
        '    enabled: false',
        '  weather:',
        '    geocodingBaseUrl: http://127.0.0.1:8080',
        '    examples: ["is it beach weather"]',
        '  general:',
        '    model: llama3.2',
        '    weight: 0.8',
        '  backup_calculator:',
        '    kind: calculator',
        '    provider: local-2',
        '',
      ].join('\n'),
    );
    const { value, errors } = loadAgentsConfig([SHIPPED, user]);
    expect(errors).toEqual([]);
    expect(value.agents.clock!.enabled).toBe(false);
    expect(value.agents.weather).toMatchObject({
      kind: 'weather',
      geocodingBaseUrl: 'http://127.0.0.1:8080',
      forecastBaseUrl: 'https://api.open-meteo.com',
      examples: ['is it beach weather'],
    });
    expect(value.agents.general).toMatchObject({ kind: 'general_llm', model: 'llama3.2', weight: 0.8, maxTokens: 400 });
    expect(value.agents.backup_calculator).toMatchObject({ kind: 'calculator', provider: 'local-2', timeoutMs: 1000 });
  });

  it('ignores a file with a YAML syntax error, naming file and line, and runs on the rest', () => {
    const user = userFile('agents:\n  clock:\n    enabled: false\n    examples: [unclosed\n');
    const { value, errors } = loadAgentsConfig([SHIPPED, user]);
    expect(value).toEqual(defaultAgentsConfig());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: user, field: null });
    expect(errors[0]!.line).toBeGreaterThanOrEqual(4);
    expect(errors[0]!.message).toMatch(/YAML syntax error/);
  });

  it('runs on the built-in agents when the only file is broken', () => {
    const broken = userFile('agents: {clock: [}\n');
    const { value, errors } = loadAgentsConfig([broken]);
    expect(errors[0]!.message).toMatch(/YAML syntax error/);
    expect(value).toEqual(defaultAgentsConfig());
  });

  it('drops only the field with a wrong type, naming file, line and field', () => {
    const user = userFile('agents:\n  weather:\n    timeoutMs: fast\n    units: imperial\n  calculator:\n    weight: -3\n');
    const { value, errors } = loadAgentsConfig([SHIPPED, user]);
    expect(value.agents.weather).toMatchObject({ timeoutMs: 6000, units: 'imperial' });
    expect(value.agents.calculator!.weight).toBe(1);
    expect(errors).toHaveLength(2);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: user, line: 3, column: 16, field: 'agents.weather.timeoutMs', message: expect.stringMatching(/expected number/) }),
        expect.objectContaining({ file: user, line: 6, column: 13, field: 'agents.calculator.weight', message: expect.stringMatching(/>=0/) }),
      ]),
    );
  });

  it('reports an unknown kind and falls back to the built-in kind', () => {
    const user = userFile('agents:\n  weather:\n    kind: wether\n');
    const { value, errors } = loadAgentsConfig([SHIPPED, user]);
    expect(value.agents.weather!.kind).toBe('weather');
    expect(errors).toEqual([expect.objectContaining({ field: 'agents.weather.kind', line: 3 })]);
    expect(errors[0]!.message).toMatch(/kind must be one of clock, calculator, date_calculator, small_talk, timers, general_llm, weather/);
  });

  it('leaves out an added agent without a kind, and one with a bad name', () => {
    const user = userFile('agents:\n  helper:\n    provider: local\n  Bad-Name:\n    kind: clock\n');
    const { value, errors } = loadAgentsConfig([SHIPPED, user]);
    expect(value.agents).not.toHaveProperty('helper');
    expect(value.agents).not.toHaveProperty('Bad-Name');
    expect(errors.map((error) => error.field)).toEqual(expect.arrayContaining(['agents.helper.kind', 'agents.Bad-Name']));
  });

  it('warns about unknown fields with their position', () => {
    const user = userFile('agents:\n  clock:\n    timout: 5\n');
    const { warnings, errors } = loadAgentsConfig([SHIPPED, user]);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ field: 'agents.clock.timout', line: 3 })]);
  });

  it('treats a whole section of the wrong shape as absent', () => {
    const user = userFile('agents: [clock, weather]\n');
    const { value, errors } = loadAgentsConfig([user]);
    expect(value).toEqual(defaultAgentsConfig());
    expect(errors[0]).toMatchObject({ field: 'agents', line: 1 });
  });
});

describe('creating agents from the config', () => {
  let server: FakeOpenMeteoServer;
  beforeAll(async () => {
    server = await startFakeOpenMeteoServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.requests.length = 0;
  });

  it('builds every enabled agent, with its weight, timeout and routing text', () => {
    const config = defaultAgentsConfig();
    config.agents.calculator = { ...config.agents.calculator!, weight: 2, examples: ['what is 6 by 7'], description: 'Maths.' };
    const setup = createAgents(config, { chatModel, timers: { book: memoryTimerBook(), newId: () => 'r1' } });
    expect(setup.agents.map((agent) => agent.name)).toEqual(['clock', 'calculator', 'date_calculator', 'small_talk', 'timers', 'general', 'weather']);
    expect(setup.unavailable).toEqual([]);
    expect(setup.weights).toMatchObject({ calculator: 2, clock: 1 });
    expect(setup.timeoutsMs).toMatchObject({ general: 20_000, weather: 6000 });
    const calculator = setup.agents.find((agent) => agent.name === 'calculator')!;
    expect(calculator.description).toBe('Maths.');
    expect(calculator.examples).toContain('what is 6 by 7');
    expect(setup.agents.find((agent) => agent.name === 'weather')!.provider).toBe('open-meteo');
  });

  it('leaves the LLM agent out without a chat model and says what it needs', () => {
    const setup = createAgents(defaultAgentsConfig(), { chatModel: null });
    expect(setup.agents.map((agent) => agent.name)).toEqual(['clock', 'calculator', 'date_calculator', 'small_talk', 'weather']);
    expect(setup.unavailable).toEqual([
      { name: 'timers', kind: 'timers', reason: expect.stringMatching(/need the app/) },
      { name: 'general', kind: 'general_llm', reason: expect.stringMatching(/OpenAI API key.*local OpenAI-compatible server/) },
    ]);
  });

  it('omits disabled agents without calling them unavailable', () => {
    const config = defaultAgentsConfig();
    config.agents.weather = { ...config.agents.weather!, enabled: false };
    const setup = createAgents(config, { chatModel: null });
    expect(setup.agents.map((agent) => agent.name)).not.toContain('weather');
    expect(setup.unavailable.map((entry) => entry.name)).toEqual(['timers', 'general']);
  });

  it('built agents answer: the LLM through the chat model, the weather through the configured server', async () => {
    const user = userFile(`agents:\n  weather:\n    geocodingBaseUrl: ${server.url}\n    forecastBaseUrl: ${server.url}\n`);
    const { value } = loadAgentsConfig([SHIPPED, user]);
    const { agents } = createAgents(value, { chatModel });
    const byName = new Map(agents.map((agent) => [agent.name, agent]));
    const signal = new AbortController().signal;
    const context = contextForTests({ locale: 'en-GB' });

    expect((await resultOf(byName.get('general')!.execute('who wrote Hamlet', context, signal))).text).toBe('echo: who wrote Hamlet');
    expect((await resultOf(byName.get('weather')!.execute('weather in Paris', context, signal))).text).toMatch(/^Right now in Paris, France: 12°C/);
    expect((await resultOf(byName.get('calculator')!.execute('12 times 7', context, signal))).text).toBe('12 times 7 is 84.');
    expect(server.requests.map((request) => request.endpoint)).toEqual(['geocoding', 'forecast']);
  });

  it('passes an injected fetch to the HTTP agents', async () => {
    const seen: string[] = [];
    const fetchSpy: typeof fetch = async (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const config = AgentsConfigSchema.parse({ agents: { weather: { geocodingBaseUrl: server.url, forecastBaseUrl: server.url } } });
    const weather = createAgents(config, { chatModel: null, fetch: fetchSpy }).agents.find((agent) => agent.name === 'weather')!;
    await weather.execute('weather in Berlin', contextForTests(), new AbortController().signal);
    expect(seen.map((url) => new URL(url).pathname)).toEqual(['/v1/search', '/v1/forecast']);
  });
});

it('config/agents.yaml names every built-in agent', () => {
  const text = readFileSync(SHIPPED, 'utf8');
  for (const name of ['clock', 'calculator', 'date_calculator', 'small_talk', 'timers', 'general', 'weather']) expect(text).toMatch(new RegExp(`^  ${name}:`, 'm'));
});
