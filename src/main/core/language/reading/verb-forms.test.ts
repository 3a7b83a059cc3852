import { describe, expect, it } from 'vitest';
import { frenchErVerb, germanVerb, spanishVerb } from './verb-forms.ts';

describe('the forms of a verb', () => {
  it('gives a French verb in every person, the imperatives and the participle', () => {
    const { forms, hosts } = frenchErVerb('multipli');
    expect(forms).toEqual(expect.arrayContaining(['multiplie', 'multiplies', 'multiplions', 'multipliez', 'multiplier', 'multipliee', 'multipliant']));
    expect(hosts).toEqual(expect.arrayContaining(['multiplie', 'multipliez']));
  });

  it('gives a Spanish verb for tú, usted and ustedes, with the spelling changes of its stem', () => {
    const multiply = spanishVerb('multiplic', 'ar', 'multipliqu');
    expect(multiply.forms).toEqual(expect.arrayContaining(['multiplica', 'multiplique', 'multipliquen', 'multiplicar', 'multiplicado', 'multiplicando']));
    expect(multiply.hosts).toEqual(expect.arrayContaining(['multiplica', 'multiplique', 'multiplicar']));
    expect(spanishVerb('divid', 'ir').forms).toEqual(expect.arrayContaining(['divide', 'divida', 'dividir', 'dividido', 'dividimos']));
  });

  it('gives a German verb for du and Sie, and its participle', () => {
    expect(germanVerb('multiplizier').forms).toEqual(expect.arrayContaining(['multipliziere', 'multiplizier', 'multiplizieren', 'multipliziert']));
    expect(germanVerb('teil').forms).toEqual(expect.arrayContaining(['teile', 'teil', 'teilt', 'teilen', 'geteilt']));
    expect(germanVerb('verringer').forms).toEqual(expect.arrayContaining(['verringere', 'verringern', 'verringert']));
    expect(germanVerb('rechn').forms).toEqual(expect.arrayContaining(['rechne', 'rechnet', 'rechnen']));
  });
});
