import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { REPO_CONFIG_DIR } from '../../testing/test-host.ts';
import { loadConversationConfig } from './conversation-config.ts';

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.remove());

describe('agents and scenarios from YAML', () => {
  it('loads the shipped agents and scenarios without a problem', () => {
    const config = loadConversationConfig(REPO_CONFIG_DIR, '/nonexistent');
    expect(config.errors).toEqual([]);
    expect(config.agents.map((agent) => agent.name)).toEqual(['assistant', 'concierge', 'math_tutor', 'timekeeper']);
    expect(config.scenarios.map((scenario) => scenario.name)).toEqual(['desktop', 'front_desk']);
    const demo = config.scenarios.find((scenario) => scenario.name === 'front_desk')!;
    expect(new Set(demo.handoffs.map((edge) => edge.type))).toEqual(new Set(['announced', 'discrete']));
    expect(config.agents.find((agent) => agent.name === 'math_tutor')).toMatchObject({ engine: 'llm', experts: ['calculator'], returnGreeting: expect.any(String) });
  });

  it("takes the user's files over the shipped ones, field by field, and adds new ones", () => {
    temp = makeTempDir('conversation-config');
    mkdirSync(join(temp.path, 'agents'));
    mkdirSync(join(temp.path, 'scenarios'));
    writeFileSync(join(temp.path, 'agents', 'concierge.yaml'), 'greeting: Welcome to the lobby.\n');
    writeFileSync(join(temp.path, 'agents', 'librarian.yaml'), 'title: Librarian\nengine: llm\ninstructions: You find books.\n');
    writeFileSync(join(temp.path, 'scenarios', 'library.yaml'), 'start_agent: librarian\nagents: [librarian, concierge]\nhandoffs:\n  - { from: librarian, to: concierge, tool: to_desk, triggers: [desk] }\n');
    const config = loadConversationConfig(REPO_CONFIG_DIR, temp.path);
    expect(config.errors).toEqual([]);
    expect(config.agents.find((agent) => agent.name === 'concierge')).toMatchObject({ greeting: 'Welcome to the lobby.', engine: 'llm', title: 'Concierge' });
    expect(config.scenarios.find((scenario) => scenario.name === 'library')).toMatchObject({ startAgent: 'librarian', handoffs: [{ tool: 'to_desk', type: 'announced', triggers: ['desk'] }] });
  });

  it('leaves out what is broken and names the file and the reason', () => {
    temp = makeTempDir('conversation-config');
    mkdirSync(join(temp.path, 'agents'));
    mkdirSync(join(temp.path, 'scenarios'));
    writeFileSync(join(temp.path, 'agents', 'broken.yaml'), 'instructions: "Hello {{#user_name}}"\n');
    writeFileSync(join(temp.path, 'scenarios', 'ghosts.yaml'), 'agents: [ghost]\n');
    writeFileSync(join(temp.path, 'scenarios', 'typo.yaml'), 'agents: [concierge]\nhandoffs:\n  - { from: concierge, to: timekeeper, tool: "bad name!" }\n');
    const config = loadConversationConfig(REPO_CONFIG_DIR, temp.path);
    expect(config.agents.map((agent) => agent.name)).not.toContain('broken');
    const messages = config.errors.map((error) => `${error.file.split('/').at(-1)} ${error.field ?? ''}: ${error.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^broken\.yaml instructions: template does not render/),
        'ghosts.yaml : scenario "ghosts" left out: agent "ghost" is not defined',
        expect.stringMatching(/^typo\.yaml handoffs\.0\.tool: a tool name/),
      ]),
    );
  });
});
