import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { ApiKeyStatus } from '../../../shared/contract.ts';
import { renderHtml } from '../../testing/render-html.ts';
import { ApiKeyForm } from './ApiKeyForm.tsx';

const render = (initialStatus: ApiKeyStatus | null) => renderHtml(createElement(ApiKeyForm, { initialStatus }));
const base: ApiKeyStatus = { provider: 'openai', set: false, hint: null, source: null, storage: 'file', storageProblem: null, origin: 'https://api.openai.com', savedFor: [] };

describe('ApiKeyForm', () => {
  it('offers a password field labelled for the key, with save and remove', () => {
    const html = render(base);
    expect(html).toMatch(/<label for="([^"]+)">OpenAI API key<\/label><input id="\1" type="password"/);
    expect(html).toContain('>Save key</button>');
    expect(html).toMatch(/<button type="button" disabled="">Remove key<\/button>/);
    expect(html).toContain('No key set.');
  });

  it('shows a saved key only by its hint and lets it be removed', () => {
    const html = render({ ...base, set: true, hint: 'sk-…abcd', source: 'stored', storage: 'os-keychain' });
    expect(html).toContain('Key saved (sk-…abcd), encrypted by the system keychain.');
    expect(html).toMatch(/<button type="button">Remove key<\/button>/);
    expect(html).toMatch(/type="password"[^>]*value=""/);
  });

  it('says plainly when this machine cannot keep keys, and disables the field', () => {
    const html = render({ ...base, storage: 'os-keychain', storageProblem: 'No OS keyring was found.' });
    expect(html).toContain('role="alert"');
    expect(html).toContain('Keys cannot be saved here: No OS keyring was found.');
    expect(html).toMatch(/type="password"[^>]*disabled=""/);
  });
});
