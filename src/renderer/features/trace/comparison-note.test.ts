import { describe, expect, it } from 'vitest';
import type { AgentTrace } from '../../../shared/trace.ts';
import { comparisonNote } from './AggregationDetails.tsx';

const run = (agent: string, status: AgentTrace['status']): AgentTrace => ({
  agent, provider: 'local', dependsOn: [], status, error: null, confidence: null, inputTokens: null, outputTokens: null, costUsd: null, startAtMs: 0, endAtMs: 1,
});

describe('what the trace says about agreement', () => {
  it('claims agreement only between two answers or more, and names who abstained', () => {
    expect(comparisonNote([run('clock', 'success'), run('date_calculator', 'success')])).toBe('The 2 answers agreed.');
    expect(comparisonNote([run('date_calculator', 'success'), run('clock', 'abstained'), run('calculator', 'abstained')])).toBe('One answer, nothing to compare (clock, calculator abstained).');
    expect(comparisonNote([run('clock', 'abstained')])).toBe('No answers to compare (clock abstained).');
  });
});
