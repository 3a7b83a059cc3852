// The forms of a verb people use when they ask for something, generated from its stem so that
// every person and mood reads alike: "multiplie", "multipliez", "multiplier", "multiplié";
// "multiplica", "multiplique", "multiplicar", "multiplicado"; "multipliziere", "multiplizier",
// "multiplizieren", "multipliziert". Forms are folded (lower case, no accents) like the text they
// are matched against. `hosts` are the forms an object pronoun is joined to ("divise-le",
// "divídelo").

export interface VerbForms {
  forms: string[];
  hosts: string[];
}

const unique = (forms: string[]) => [...new Set(forms)];

export const verbs = (...all: VerbForms[]): VerbForms => ({ forms: unique(all.flatMap((verb) => verb.forms)), hosts: unique(all.flatMap((verb) => verb.hosts)) });

/** A French verb of the first group from its stem ("multipli" for multiplier, "enlev" for enlever). */
export function frenchErVerb(stem: string): VerbForms {
  return {
    forms: ['e', 'es', 'ent', 'ons', 'ez', 'er', 'ee', 'ees', 'ant'].map((ending) => `${stem}${ending}`),
    hosts: ['e', 'es', 'ez', 'ons'].map((ending) => `${stem}${ending}`),
  };
}

/** A verb given by its forms (irregular ones) and the imperatives among them. */
export const irregular = (forms: string[], hosts: string[] = []): VerbForms => ({ forms: unique([...forms, ...hosts]), hosts });

/**
 * A Spanish verb from its stem and group: present, subjunctive (the usted and ustedes
 * imperatives), infinitive, vosotros imperative, participle and gerund. `soft` is the stem before
 * an e or i where spelling changes it ("multipliqu" for multiplic-, "pagu" for pag-).
 */
export function spanishVerb(stem: string, group: 'ar' | 'er' | 'ir', soft = stem): VerbForms {
  const a = group === 'ar';
  const present = a ? ['o', 'as', 'a', 'amos', 'ais', 'an'] : group === 'er' ? ['o', 'es', 'e', 'emos', 'eis', 'en'] : ['o', 'es', 'e', 'imos', 'is', 'en'];
  const subjunctive = a ? ['e', 'es', 'emos', 'eis', 'en'] : ['a', 'as', 'amos', 'ais', 'an'];
  const subjunctiveStem = a ? soft : stem;
  const infinitive = `${stem}${group}`;
  const gerund = `${stem}${a ? 'ando' : 'iendo'}`;
  const vowel = group.charAt(0);
  return {
    forms: unique([
      ...present.map((ending) => `${stem}${ending}`),
      ...subjunctive.map((ending) => `${subjunctiveStem}${ending}`),
      infinitive,
      `${stem}${vowel}d`,
      ...['o', 'a', 'os', 'as'].map((ending) => `${stem}${a ? 'ad' : 'id'}${ending}`),
      gerund,
    ]),
    hosts: [`${stem}${a ? 'a' : 'e'}`, `${subjunctiveStem}${a ? 'e' : 'a'}`, `${subjunctiveStem}${a ? 'en' : 'an'}`, infinitive, gerund],
  };
}

/**
 * A German verb from its stem ("multiplizier", "teil", "rechn", "verringer"): the imperatives
 * (du, Sie), present, infinitive, past and participle. Verbs in -ieren and with an inseparable
 * prefix have no "ge-" in the participle.
 */
export function germanVerb(stem: string, options: { participle?: string } = {}): VerbForms {
  const e = /(?:[dt]|chn|[^aeiouylrh][mn])$/.test(stem) ? 'e' : '';
  const n = /[^aeiou](?:el|er)$/.test(stem) ? 'n' : 'en';
  const short = stem.replace(/(?<=[^aeiou])el$/, 'l');
  const participle = options.participle ?? (/ier$/.test(stem) || /^(?:be|ver|zer|er|ent|emp|ge)/.test(stem) ? `${stem}${e}t` : `ge${stem}${e}t`);
  return {
    forms: unique([`${stem}e`, `${short}e`, stem, `${stem}${e}st`, `${stem}${e}t`, `${stem}${n}`, `${stem}${e}te`, `${stem}${e}ten`, participle]),
    hosts: [],
  };
}

/** Forms joined into one alternative of a regular expression, longest first. */
export const anyOf = (forms: readonly string[]): string =>
  [...new Set(forms)]
    .sort((a, b) => b.length - a.length)
    .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
