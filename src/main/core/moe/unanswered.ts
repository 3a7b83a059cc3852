import type { Unanswered } from '../../../shared/trace.ts';
import type { AgentRun } from './execution/executor.ts';

// Why a question got no answer, said honestly: nothing here covers it (an action nobody can do
// from here, with the nearest skills), it needs the network (live data, or an expert that could not
// reach its service), or it needs a language model (an open question, with none configured).
// The query is the English reading of what the user said (core/language/to-english.ts).

const LIVE_DATA =
  /\b(?:weather|forecast|rain(?:ing|y)?|snow(?:ing)?|sunny|temperature (?:outside|today|tomorrow)|how (?:hot|cold|warm) is it|humidity|news|headlines|stocks?|share price|stock price|shares|bitcoin|crypto|exchange rate|currency rate|dollar rate|euro rate|scores?|who won|match tonight|game tonight|traffic|flight status|open now|opening hours|near me|nearby|nearest|lottery|election results|trending|stock market|stock exchange|dax|cac 40|ibex|dow jones|nasdaq|ftse)\b|\b(?:win|won|lose|lost|beat|play(?:ed)?)\b.*\b(?:last night|yesterday|today|tonight|game|match)\b|\bwho won\b/;

const ACTIONS =
  /^(?:please |can you |could you |would you |will you |i want to |i'd like to |i would like to |help me )?(?:book|order|buy|purchase|call|phone|ring|dial|text|message|send|email|e-mail|mail|play|stream|turn (?:on|off|up|down)|switch (?:on|off)|dim|brighten|open|close|shut|lock|unlock|navigate|drive|take me|give me directions|pay|transfer|post|tweet|share|download|install|uninstall|delete|record|take a (?:photo|picture|selfie)|schedule|add .+ to my (?:calendar|shopping list|list)|shop|reserve|find me|start (?:the|my)|stop the music|pause|resume|skip|volume|print|scan|translate this file|charge|clean|vacuum|feed|water the|wake up|log in|sign in|subscribe|cancel my (?:subscription|order|booking)|check (?:me in|in)|track my)\b/;

const NETWORK_FAULT = /could not be reached|fetch failed|ENOTFOUND|ECONNREFUSED|ECONNRESET|EAI_AGAIN|network|timed? ?out|timeout|unreachable|offline/i;

export interface UnansweredContext {
  /** The English reading of the question. */
  query: string;
  runs: readonly AgentRun[];
  /** The router's best candidates, best first (names). */
  candidates: readonly string[];
  modelConfigured: boolean;
  /** The language model's server (origin), named when it took too long. */
  modelAddress?: string;
  /** The provider names that are the language model (their faults are said as they are). */
  modelProviders?: readonly string[];
  /** How long an expert may take, ms (said when the model took longer). */
  agentTimeoutMs?: number;
}

export function whyUnanswered({ query, runs, candidates, modelConfigured, modelAddress, modelProviders = [], agentTimeoutMs }: UnansweredContext): Unanswered {
  const text = query.toLowerCase();
  const nearest = candidates.slice(0, 2);
  const failed = runs.filter((run) => run.provider !== 'local' && (run.status === 'error' || run.status === 'timeout'));
  // The language model was asked and its server failed: that, not a missing skill, is why.
  const modelFault =
    failed.find((run) => run.fault !== undefined)?.fault ??
    (modelAddress !== undefined && failed.some((run) => run.status === 'timeout' && modelProviders.includes(run.provider))
      ? { kind: 'timeout' as const, address: modelAddress, status: null, detail: agentTimeoutMs ? `no answer within ${Math.round(agentTimeoutMs / 100) / 10} s` : 'timed out' }
      : undefined);
  const failedOnline = failed.some((run) => run.fault === undefined && !modelProviders.includes(run.provider) && (run.status === 'timeout' || NETWORK_FAULT.test(run.error ?? '')));
  if (failedOnline || (LIVE_DATA.test(text) && modelFault?.kind !== 'key_refused' && modelFault?.kind !== 'quota_spent')) return { kind: 'needs_network', nearest };
  if (modelFault) return { kind: 'provider_failed', nearest, fault: modelFault };
  if (ACTIONS.test(text.replace(/^(?:hey|ok|okay|so|assistant)[, ]+/, ''))) return { kind: 'no_skill', nearest };
  return { kind: modelConfigured ? 'no_skill' : 'needs_model', nearest };
}
