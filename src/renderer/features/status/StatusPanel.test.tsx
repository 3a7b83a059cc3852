import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../shared/contract.ts';
import { renderHtml } from '../../testing/render-html.ts';
import { sampleStatus } from '../../testing/fixtures.ts';
import { StatusPanel } from './StatusPanel.tsx';

const renderWith = (status: AppStatus) => renderHtml(<StatusPanel />, (store) => store.getState().receiveStatus(status));

describe('StatusPanel', () => {
  it('shows no storage alert while the database is fine', () => {
    expect(renderWith(sampleStatus())).not.toContain('storage-problems');
  });

  it('shows a quarantined database as an alert with the path it was kept at and what was recovered', () => {
    const html = renderWith(
      sampleStatus({
        storage: {
          path: '/data/assistant.sqlite',
          problems: [
            {
              kind: 'corrupt',
              message: '/data/assistant.sqlite is damaged (file is not a database (SQLITE_NOTADB)); it was moved aside',
              quarantinedAs: '/data/assistant.corrupt-2026-12-02T18-11-00-123Z.sqlite',
              recovered: { sessions: 3, turns: 40, traces: 20 },
              at: 1_700_000_000_000,
              count: 1,
            },
            {
              kind: 'write_failed',
              message: 'Cannot save trace t-1 in /data/assistant.sqlite: database or disk is full (SQLITE_FULL)',
              quarantinedAs: null,
              recovered: null,
              at: 1_700_000_001_000,
              count: 4,
            },
          ],
        },
      }),
    );
    expect(html).toMatch(/<div role="alert" class="banner banner-error storage-problems" data-testid="storage-problems">/);
    expect(html).toContain('<span class="path" data-testid="storage-quarantined">/data/assistant.corrupt-2026-12-02T18-11-00-123Z.sqlite</span>');
    expect(html).toContain('Recovered: 3 sessions, 40 turns, 20 traces.');
    expect(html).toContain('database or disk is full (SQLITE_FULL) (4 times)');
  });
});
