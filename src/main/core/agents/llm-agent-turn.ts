import type { ChatMessage, ChatModel, ToolCall } from '../../ports/chat-model.ts';
import type { SetTimer } from '../moe/execution/executor.ts';
import type { HistoryMessage } from '../conversation/history-window.ts';
import { toolOffer, type Tool, type ToolContext } from '../tools/tool.ts';
import { runToolCalls, type ToolCallResult } from '../tools/tool-runner.ts';
import type { AgentDefinition } from './agent-definition.ts';
import type { HandoffResolution, HandoffService } from './handoff-service.ts';
import { renderTemplate, type SystemVars } from './system-vars.ts';

// One turn of an `llm` agent: its instructions, the conversation and the question go to the chat
// model with the agent's tools and its handoff tools; text streams out as it comes, tool calls run
// (several at once when the model asks for several) and their results go back to the model, which
// carries on; a handoff tool ends the turn with the handoff for the engine to apply.

export type AgentTurnEvent =
  | { type: 'delta'; text: string }
  | { type: 'tool_call'; call: ToolCall }
  | { type: 'tool_result'; result: ToolCallResult }
  | { type: 'handoff'; resolution: HandoffResolution };

export interface LlmAgentTurnInput {
  agent: AgentDefinition;
  vars: SystemVars;
  history: readonly HistoryMessage[];
  query: string;
  chatModel: ChatModel;
  /** The agent's tools (already narrowed to `agent.tools`). */
  tools: ReadonlyMap<string, Tool>;
  handoffs: HandoffService;
  visited: readonly string[];
  toolContext: Omit<ToolContext, 'now' | 'signal'>;
  signal: AbortSignal;
  clock: { now(): number };
  setTimer: SetTimer;
  toolTimeoutMs: number;
  /** Model calls per turn at most (each tool round is one). */
  maxRounds: number;
}

export interface LlmAgentTurnOutcome {
  text: string;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  rounds: number;
}

export async function* runLlmAgentTurn(input: LlmAgentTurnInput): AsyncGenerator<AgentTurnEvent, LlmAgentTurnOutcome> {
  const { agent, chatModel, signal } = input;
  const messages: ChatMessage[] = [
    { role: 'system', content: renderTemplate(agent.instructions, input.vars) },
    ...input.history.map((message): ChatMessage => ({
      role: message.role,
      // The model hears what the user heard: an interrupted answer is marked so.
      content: message.interrupted ? `${message.text} [interrupted by the user]` : message.text,
    })),
    { role: 'user', content: input.query },
  ];
  const offers = [...[...input.tools.values()].map(toolOffer), ...input.handoffs.toolsFor(agent.name)];
  const outcome: LlmAgentTurnOutcome = { text: '', model: null, inputTokens: null, outputTokens: null, rounds: 0 };

  while (outcome.rounds < input.maxRounds) {
    outcome.rounds++;
    const calls: ToolCall[] = [];
    let text = '';
    for await (const event of chatModel.stream({
      messages,
      ...(agent.model ? { model: agent.model } : {}),
      ...(offers.length > 0 ? { tools: offers } : {}),
      signal,
    })) {
      if (event.type === 'text') {
        text += event.delta;
        outcome.text += event.delta;
        yield { type: 'delta', text: event.delta };
      } else if (event.type === 'tool_calls') {
        calls.push(...event.calls);
      } else {
        outcome.model = event.model;
        outcome.inputTokens = add(outcome.inputTokens, event.inputTokens);
        outcome.outputTokens = add(outcome.outputTokens, event.outputTokens);
      }
    }
    if (calls.length === 0 || signal.aborted) return outcome;

    const handoffCall = calls.find((call) => input.handoffs.isHandoffTool(agent.name, call.name));
    if (handoffCall) {
      const resolution = input.handoffs.resolveTool({ tool: handoffCall.name, args: parseArgs(handoffCall.arguments), source: agent.name, vars: input.vars, visited: input.visited });
      if (resolution) {
        yield { type: 'tool_call', call: handoffCall };
        yield { type: 'handoff', resolution };
        return outcome;
      }
    }

    for (const call of calls) yield { type: 'tool_call', call };
    const results = await runToolCalls(calls, { ...input.toolContext, signal }, {
      tools: input.tools,
      clock: input.clock,
      setTimer: input.setTimer,
      defaultTimeoutMs: input.toolTimeoutMs,
    });
    for (const result of results) yield { type: 'tool_result', result };
    if (signal.aborted) return outcome;
    messages.push({ role: 'assistant', content: text, toolCalls: calls });
    for (const result of results) messages.push({ role: 'tool', toolCallId: result.id, content: result.output });
  }
  return outcome;
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
