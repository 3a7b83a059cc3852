import type { ChatMessage, ChatModel, ChatRequest } from '../../../ports/chat-model.ts';
import { createSentenceStream } from '../../text/sentences.ts';
import type { ConflictReport, WeightedAnswer } from './conflicts.ts';
import { contentTokens } from './text.ts';

export interface LlmSynthesisOptions {
  /** Defaults to the chat model's own. */
  model?: string;
  temperature: number;
  maxTokens: number;
}

/** Messages asking the model to merge the answers, each labelled with its confidence and weight. */
export function buildSynthesisPrompt(
  question: string,
  answers: readonly WeightedAnswer[],
  report: ConflictReport,
  voiceMode: boolean,
  said = '',
): ChatMessage[] {
  const style = voiceMode
    ? 'The answer will be spoken aloud: use two to four short sentences, no lists, markdown, links or citations.'
    : 'Answer in a short paragraph of plain text, without markdown or citations.';
  const system = [
    'You combine answers from specialist agents into one answer to the user\'s question.',
    'Trust answers in proportion to their weight. Where agents disagree, state only the resolved value given under "Conflicts".',
    'Use only facts from the answers. Do not mention the agents, their weights or their confidence.',
    style,
  ].join(' ');
  const labelled = answers.map(
    (answer, index) =>
      `[${index + 1}] agent: ${answer.agent}, confidence ${answer.confidence.toFixed(2)}, weight ${answer.weight.toFixed(2)}\n${answer.text.trim()}`,
  );
  const conflicts = report.conflicts.map((conflict) => {
    const claims = conflict.agents.map((agent, index) => `${agent} says ${conflict.values[index]}`).join('; ');
    return `- ${conflict.kind}: ${claims}. Resolved to ${conflict.resolvedTo} (${conflict.resolution}).`;
  });
  const user = [
    `Question: ${question.trim()}`,
    '',
    'Answers:',
    labelled.join('\n\n'),
    '',
    `Conflicts: ${conflicts.length === 0 ? 'none' : `\n${conflicts.join('\n')}`}`,
    ...(said.trim() === '' ? [] : ['', `The user has already heard this opening: "${said.trim()}". Continue from there; do not repeat it.`]),
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/**
 * Why a model reply cannot be used as an answer, or null when it can: empty, mostly symbols, one
 * token repeated, or sharing no content word with the question and the answers.
 */
export function unusableReason(reply: string, question: string, answers: readonly WeightedAnswer[]): string | null {
  const text = reply.trim();
  if (text.length === 0) return 'the LLM returned an empty answer';
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return 'the LLM answer contains control characters';
  const visible = text.replace(/\s/g, '');
  const letters = visible.match(/\p{L}/gu)?.length ?? 0;
  if (letters / visible.length < 0.5) return 'the LLM answer is mostly symbols';
  const tokens = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (tokens.length >= 6) {
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    if (Math.max(...counts.values()) / tokens.length > 0.5) return 'the LLM answer repeats itself';
  }
  const content = new Set(contentTokens(text));
  if (content.size >= 3) {
    const known = new Set([...contentTokens(question), ...answers.flatMap((answer) => contentTokens(answer.text))]);
    if (![...content].some((token) => known.has(token))) return 'the LLM answer has nothing in common with the question or the answers';
  }
  return null;
}

export interface LlmSynthesisRequest extends LlmSynthesisOptions {
  voiceMode: boolean;
  signal?: AbortSignal;
  said?: string;
  /**
   * Streams the reply: each sentence goes here once complete and accepted by `accept`; the first
   * one refused (or a stream fault) stops the reply with that reason.
   */
  stream?: { onSentence: (sentence: string) => void; accept: (sentence: string) => string | null };
}

/** Asks the model for the merged answer; rejects with the reason when the reply is unusable. */
export async function synthesizeWithLlm(
  chat: ChatModel,
  question: string,
  answers: readonly WeightedAnswer[],
  report: ConflictReport,
  options: LlmSynthesisRequest,
): Promise<string> {
  const request: ChatRequest = {
    messages: buildSynthesisPrompt(question, answers, report, options.voiceMode, options.said),
    ...(options.model === undefined ? {} : { model: options.model }),
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    responseFormat: 'text',
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const text = options.stream ? await streamSentences(chat, request, options.stream) : (await chat.complete(request)).text;
  const reason = unusableReason(text, question, answers);
  if (reason !== null) throw new Error(reason);
  return text.trim();
}

/** The reply sentence by sentence, each checked before it is passed on. */
async function streamSentences(chat: ChatModel, request: ChatRequest, stream: NonNullable<LlmSynthesisRequest['stream']>): Promise<string> {
  const sentences = createSentenceStream();
  const written: string[] = [];
  const pass = (complete: string[]) => {
    for (const sentence of complete) {
      const refused = stream.accept(sentence);
      if (refused !== null) throw new Error(refused);
      written.push(sentence);
      stream.onSentence(sentence);
    }
  };
  for await (const event of chat.stream(request)) {
    if (event.type === 'text') pass(sentences.push(event.delta));
  }
  pass(sentences.flush());
  return written.join(' ');
}
