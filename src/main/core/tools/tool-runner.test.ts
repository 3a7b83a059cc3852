import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, toolOffer, type Tool } from './tool.ts';
import { runToolCalls } from './tool-runner.ts';
import { createManualTime } from '../testing/manual-time.ts';

const add = defineTool({ name: 'add', description: 'Adds two numbers.', parameters: z.object({ a: z.number(), b: z.number() }), run: async ({ a, b }) => String(a + b) });
const fails = defineTool({ name: 'fails', description: 'Always fails.', parameters: z.object({}), run: async () => { throw new Error('the service is down'); } });
const hangs = defineTool({ name: 'hangs', description: 'Never answers.', parameters: z.object({}), timeoutMs: 1000, run: () => new Promise<string>(() => undefined) });
const tools = new Map<string, Tool>([add, fails, hangs].map((tool) => [tool.name, tool]));
const context = (signal = new AbortController().signal) => ({ sessionId: 's', timeZone: 'UTC', locale: 'en', signal });

describe('running tool calls', () => {
  it('runs calls together and answers each in order, failures as results the model can read', async () => {
    const time = createManualTime();
    const results = await runToolCalls(
      [
        { id: '1', name: 'add', arguments: '{"a":2,"b":3}' },
        { id: '2', name: 'fails', arguments: '{}' },
        { id: '3', name: 'add', arguments: '{"a":"two"}' },
        { id: '4', name: 'nope', arguments: '{}' },
        { id: '5', name: 'add', arguments: '{not json' },
      ],
      context(),
      { tools, clock: time.clock, setTimer: time.setTimer, defaultTimeoutMs: 5000 },
    );
    expect(results.map((r) => [r.id, r.ok, r.output])).toEqual([
      ['1', true, '5'],
      ['2', false, 'error: the service is down'],
      ['3', false, expect.stringMatching(/^error: invalid arguments \(a: .*; b: .*\)$/)],
      ['4', false, 'error: there is no tool "nope"'],
      ['5', false, 'error: the arguments are not valid JSON'],
    ]);
  });

  it('times a hung tool out with a clear result, and cancels with the run', async () => {
    const time = createManualTime();
    const pending = runToolCalls([{ id: 'h', name: 'hangs', arguments: '{}' }], context(), { tools, clock: time.clock, setTimer: time.setTimer, defaultTimeoutMs: 5000 });
    await Promise.resolve();
    time.advance(1000);
    expect((await pending)[0]).toMatchObject({ ok: false, output: 'error: hangs did not answer within 1000 ms', endedAt: 1000 });

    const run = new AbortController();
    const cancelled = runToolCalls([{ id: 'h', name: 'hangs', arguments: '{}' }], context(run.signal), { tools, clock: time.clock, setTimer: time.setTimer, defaultTimeoutMs: 5000 });
    run.abort();
    expect((await cancelled)[0]).toMatchObject({ ok: false, error: 'cancelled' });
  });

  it('offers a tool in the OpenAI tools format from its zod schema', () => {
    expect(toolOffer(add)).toEqual({
      name: 'add',
      description: 'Adds two numbers.',
      parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'], additionalProperties: false },
    });
  });
});
