import Mustache from 'mustache';

// The variables an agent's instructions and greetings are written over, as Mustache templates
// (`{{assistant_name}}`, `{{#previous_agent}}...{{/previous_agent}}`). Rendered as plain text:
// nothing is HTML-escaped.

export interface SystemVars {
  assistant_name: string;
  /** The user's or caller's name when known. */
  user_name: string | null;
  /** Language tag of the conversation ("en", "fr"). */
  language: string;
  active_agent: string;
  previous_agent: string | null;
  /** Why the conversation was handed over, in the words of whoever handed it. */
  handoff_reason: string | null;
  /** Fields the handoff edge lets pass (`share_context`), e.g. { topic: "fractions" }. */
  handoff_context: Record<string, string>;
  scenario: string;
}

const plainText = { escape: (text: string) => text };

/** Renders a template; a template Mustache cannot parse comes back as it is (never a thrown turn). */
export function renderTemplate(template: string, vars: SystemVars): string {
  const view = {
    ...vars,
    // `{{handoff_context}}` reads as "topic: fractions; level: beginner".
    handoff_context: Object.keys(vars.handoff_context).length === 0 ? null : contextText(vars.handoff_context),
    handoff_fields: vars.handoff_context,
  };
  try {
    return Mustache.render(template, view, undefined, plainText).replace(/[ \t]+\n/g, '\n').trim();
  } catch {
    return template.trim();
  }
}

/** Why a template will not render (an unclosed section), or null. For config checks at load. */
export function templateProblem(template: string): string | null {
  try {
    Mustache.parse(template);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const contextText = (context: Record<string, string>) =>
  Object.entries(context)
    .map(([key, value]) => `${key.replace(/_/g, ' ')}: ${value}`)
    .join('; ');
