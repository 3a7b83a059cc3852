import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { ConfigError } from '../../../shared/contract.ts';
import { createAgentRegistry, type AgentDefinition } from '../../core/agents/agent-definition.ts';
import { scenarioProblems, type Scenario } from '../../core/agents/scenario.ts';
import { templateProblem } from '../../core/agents/system-vars.ts';
import { loadLayeredFiles } from './config-files.ts';

// Conversational agents (config/agents/<name>.yaml) and scenarios (config/scenarios/<name>.yaml),
// one file each. A file of the same name in the data directory's agents/ or scenarios/ folder
// overrides any field of the shipped one, or adds a new agent or scenario. A broken file costs
// only itself: it is reported as `file:line:column field: message` and left out.

const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const nameField = z.string().regex(NAME, 'a name of lowercase letters, digits and underscores, starting with a letter');

const AgentFileSchema = z.object({
  name: nameField.optional(),
  title: z.string().trim().min(1).max(60).optional(),
  description: z.string().trim().max(300).default(''),
  engine: z.enum(['moe', 'llm']).default('moe'),
  instructions: z.string().max(8000).default(''),
  greeting: z.string().trim().max(500).nullable().default(null),
  return_greeting: z.string().trim().max(500).nullable().default(null),
  model: z.string().trim().min(1).max(100).nullable().default(null),
  voice: z.string().trim().min(1).max(100).nullable().default(null),
  tools: z.array(nameField).max(50).default([]),
  experts: z.array(z.string().trim().min(1).max(64)).max(50).nullable().default(null),
});

const EdgeSchema = z.object({
  from: nameField,
  to: nameField,
  tool: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'a tool name of letters, digits, _ and - (at most 64)'),
  type: z.enum(['announced', 'discrete']).default('announced'),
  description: z.string().trim().max(500).default(''),
  share_context: z.array(nameField).max(20).default([]),
  triggers: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
});

const ScenarioFileSchema = z.object({
  name: nameField.optional(),
  title: z.string().trim().min(1).max(60).optional(),
  description: z.string().trim().max(300).default(''),
  start_agent: nameField.optional(),
  agents: z.array(nameField).max(50).default([]),
  handoffs: z.array(EdgeSchema).max(200).default([]),
});

export interface ConversationConfig {
  agents: AgentDefinition[];
  scenarios: Scenario[];
  errors: ConfigError[];
}

/** Every agent and scenario that loads and makes sense; the rest reported in `errors`. */
export function loadConversationConfig(configDir: string, dataDir: string): ConversationConfig {
  const errors: ConfigError[] = [];
  const agents: AgentDefinition[] = [];
  for (const [name, paths] of layeredFiles(configDir, dataDir, 'agents')) {
    const loaded = loadLayeredFiles(AgentFileSchema, paths);
    errors.push(...loaded.errors, ...loaded.warnings);
    const file = loaded.value;
    const where = paths.at(-1)!;
    if (file.name !== undefined && file.name !== name) {
      errors.push(problem(where, 'name', `the file names the agent "${file.name}"; its file name says "${name}": the file name is used`));
    }
    const broken = [['instructions', file.instructions], ['greeting', file.greeting], ['return_greeting', file.return_greeting]].flatMap(([field, template]) => {
      const why = template ? templateProblem(template) : null;
      return why ? [problem(where, field!, `template does not render: ${why}`)] : [];
    });
    if (broken.length > 0) {
      errors.push(...broken, problem(where, null, `agent "${name}" left out`));
      continue;
    }
    agents.push({
      name,
      title: file.title ?? titleOf(name),
      description: file.description,
      engine: file.engine,
      instructions: file.instructions,
      greeting: file.greeting,
      returnGreeting: file.return_greeting,
      model: file.model,
      voice: file.voice,
      tools: file.tools,
      experts: file.experts,
    });
  }

  const registry = createAgentRegistry(agents);
  const scenarios: Scenario[] = [];
  for (const [name, paths] of layeredFiles(configDir, dataDir, 'scenarios')) {
    const loaded = loadLayeredFiles(ScenarioFileSchema, paths);
    errors.push(...loaded.errors, ...loaded.warnings);
    const file = loaded.value;
    const where = paths.at(-1)!;
    const scenario: Scenario = {
      name,
      title: file.title ?? titleOf(name),
      description: file.description,
      startAgent: file.start_agent ?? file.agents[0] ?? '',
      agents: file.agents,
      handoffs: file.handoffs.map((edge) => ({
        from: edge.from,
        to: edge.to,
        tool: edge.tool,
        type: edge.type,
        description: edge.description,
        shareContext: edge.share_context,
        triggers: edge.triggers,
      })),
    };
    const problems = scenario.agents.length === 0 ? ['it names no agents'] : scenarioProblems(scenario, registry);
    if (problems.length > 0) {
      errors.push(problem(where, null, `scenario "${name}" left out: ${problems.join('; ')}`));
      continue;
    }
    scenarios.push(scenario);
  }
  return { agents, scenarios, errors };
}

/** name -> [shipped file, user file] (either may be missing), for `<dir>/<folder>/*.yaml`. */
function layeredFiles(configDir: string, dataDir: string, folder: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const root of [configDir, dataDir]) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    let names: string[];
    try {
      names = readdirSync(dir).filter((entry) => /\.ya?ml$/.test(entry)).sort();
    } catch {
      continue;
    }
    for (const entry of names) {
      const name = basename(entry).replace(/\.ya?ml$/, '').replace(/-/g, '_');
      if (!NAME.test(name)) continue;
      files.set(name, [...(files.get(name) ?? []), join(dir, entry)]);
    }
  }
  return files;
}

const titleOf = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, ' ');

const problem = (file: string, field: string | null, message: string): ConfigError => ({ file, line: null, column: null, field, message });
