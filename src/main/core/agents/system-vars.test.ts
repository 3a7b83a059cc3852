import { describe, expect, it } from 'vitest';
import { renderTemplate, templateProblem, type SystemVars } from './system-vars.ts';

const vars: SystemVars = { assistant_name: 'Ada <3', user_name: null, language: 'en', active_agent: 'tutor', previous_agent: 'concierge', handoff_reason: null, handoff_context: { topic: 'fractions', skill_level: 'beginner' }, scenario: 'demo' };

describe('agent templates', () => {
  it('render the system variables as plain text, with sections for what may be missing', () => {
    expect(renderTemplate('I am {{assistant_name}}.{{#user_name}} Hi {{user_name}}.{{/user_name}}{{^user_name}} Hi there.{{/user_name}}', vars)).toBe('I am Ada <3. Hi there.');
    expect(renderTemplate('{{#previous_agent}}From {{previous_agent}}.{{/previous_agent}} Context: {{handoff_context}}. Topic: {{handoff_fields.topic}}', vars)).toBe(
      'From concierge. Context: topic: fractions; skill level: beginner. Topic: fractions',
    );
  });

  it('leave a broken template as written, and say why it is broken', () => {
    expect(renderTemplate('Hello {{#user_name}}unclosed', vars)).toBe('Hello {{#user_name}}unclosed');
    expect(templateProblem('Hello {{#user_name}}unclosed')).toMatch(/Unclosed section/);
    expect(templateProblem('Hello {{assistant_name}}')).toBeNull();
  });
});
