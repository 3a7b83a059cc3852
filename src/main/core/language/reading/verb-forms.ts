// The forms of a verb people use when they ask for something, generated from its stem so that
// every person and mood is read alike: "multiplie", "multipliez", "multiplier", "multiplié",
// "multiplie-le"; "multiplica", "multiplique", "multiplicar", "multiplícalo"; "multipliziere",
// "multiplizier", "multiplizieren", "multipliziert". Forms are folded (lower case, no accents),
// as the text they are matched against.

const unique = (forms: string[]) => [...new Set(forms)];

/** French object pronouns written after an imperative: "divise-le", "ajoutes-y". */
const FRENCH_CLITICS = ['le', 'la', 'les', 'lui', 'moi', 'y', 'en', 'nous'];

/**
 * A French verb of the first group from its stem ("multipli" for multiplier, "enlev" for
 * enlever): present, imperative (with a pronoun after it), infinitive and past participle.
 */
export function frenchErVerb(stem: string): string[] {
  const plain = ['e', 'es', 'ent', 'ons', 'ez', 'er', 'ee', 'ees', 'ant'].map((ending) => `${stem}${ending}`);
  const imperatives = [`${stem}e`, `${stem}ez`, `${stem}ons`, `${stem}es`];
  return unique([...plain, ...imperatives.flatMap((form) => FRENCH_CLITICS.map((clitic) => `${form}-${clitic}`))]);
}

/** A French verb given by its forms (irregular ones), with its imperatives' pronouns added. */
export function frenchIrregular(forms: string[], imperatives: string[]): string[] {
  return unique([...forms, ...imperatives, ...imperatives.flatMap((form) => FRENCH_CLITICS.map((clitic) => `${form}-${clitic}`))]);
}

/** Spanish object pronouns joined to an imperative, an infinitive or a gerund: "divídelo", "súmale". */
const SPANISH_CLITICS = ['lo', 'la', 'le', 'los', 'las', 'les', 'me', 'nos', 'melo', 'mela', 'selo', 'sela'];

/**
 * A Spanish verb of the first (-ar) or second/third (-er, -ir) group from its stem: present,
 * imperative (tú, usted, ustedes, vosotros), infinitive, participle and gerund, and the
 * imperatives, infinitive and gerund with pronouns joined ("multiplícalo", "multiplíquelo",
 * "multiplicarlo"). `soft` is the stem before e ("multipliqu" for multiplic-).
 */
export function spanishVerb(stem: string, group: 'ar' | 'er' | 'ir', soft = stem): string[] {
  const a = group === 'ar';
  const present = a ? ['o', 'as', 'a', 'amos', 'ais', 'an'] : group === 'er' ? ['o', 'es', 'e', 'emos', 'eis', 'en'] : ['o', 'es', 'e', 'imos', 'is', 'en'];
  const subjunctive = a ? ['e', 'es', 'emos', 'eis', 'en'] : ['a', 'as', 'amos', 'ais', 'an'];
  const infinitive = `${stem}${group}`;
  const participle = a ? 'ado' : 'ido';
  const gerund = a ? `${stem}ando` : `${stem}iendo`;
  const tu = `${stem}${a ? 'a' : 'e'}`;
  const usted = `${a ? soft : stem}${a ? 'e' : 'a'}`;
  const ustedes = `${usted}n`;
  const forms = [
    ...present.map((ending) => `${stem}${ending}`),
    ...subjunctive.map((ending) => `${a ? soft : stem}${ending}`),
    infinitive,
    `${stem}${group.charAt(0)}d`,
    ...['', 'a', 'os', 'as'].map((ending) => `${stem}${participle.slice(0, -1)}${ending || 'o'}`),
    gerund,
  ];
  const hosts = [tu, usted, ustedes, infinitive, gerund, `${stem}${group.charAt(0)}`];
  return unique([...forms, ...hosts.flatMap((host) => SPANISH_CLITICS.map((clitic) => `${host}${clitic}`))]);
}

/**
 * A German verb from its stem ("multiplizier", "teil", "rechn"): imperative (du, Sie), present,
 * infinitive, past and participle. Verbs in -ieren have no "ge-" in the participle.
 */
export function germanVerb(stem: string, options: { participle?: string } = {}): string[] {
  const e = /[dtn]$|[^aeiouylr][mn]$/.test(stem) ? 'e' : '';
  const participle = options.participle ?? (/ier$/.test(stem) || /^(?:be|ver|zer|er|ent|emp|ge)/.test(stem) ? `${stem}${e}t` : `ge${stem}${e}t`);
  return unique([`${stem}e`, stem, `${stem}${e}st`, `${stem}${e}t`, `${stem}en`, `${stem}${e}te`, `${stem}${e}ten`, participle]);
}

/** A German verb in -eln ("verdoppeln"): "verdopple", "verdoppele", "verdoppel", "verdoppelt". */
export function germanElVerb(stem: string): string[] {
  const short = stem.replace(/el$/, 'l');
  return unique([`${short}e`, `${stem}e`, stem, `${stem}st`, `${stem}t`, `${stem}n`, `${stem}te`, `${stem}ten`]);
}

/** Forms joined into one regular expression alternative, longest first. */
export const anyOf = (forms: readonly string[]): string =>
  [...new Set(forms)]
    .sort((a, b) => b.length - a.length)
    .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
