import { describe, expect, it } from 'vitest';
import type { CallView } from '../../../shared/contract.ts';
import { renderWithStore } from '../../testing/render-with-store.tsx';
import { CallsPanel } from './CallsPanel.tsx';

const call = (overrides: Partial<CallView>): CallView => ({
  id: 'c1',
  carrier: 'twilio',
  caller: '+15551230000',
  carrierCallId: 'CA1',
  sessionId: 's1',
  startedAt: Date.UTC(2026, 11, 3, 9, 0, 0),
  endedAt: null,
  state: 'in_progress',
  endedBy: null,
  activeAgent: 'assistant',
  ...overrides,
});

describe('the calls panel', () => {
  it('lists the calls on the line first, with a hang-up, then the ended ones with how they ended and how long they took', () => {
    const html = renderWithStore(
      <CallsPanel initialCalls={[call({ id: 'old', caller: '+15550000001', state: 'ended', endedAt: Date.UTC(2026, 11, 3, 9, 0, 0) + 65_000, endedBy: 'caller', activeAgent: null }), call({ id: 'live', startedAt: Date.UTC(2026, 11, 3, 10, 0, 0) })]} />,
    );
    const items = html.match(/<li class="call[^"]*" data-testid="call" data-state="[^"]+">[\s\S]*?<\/li>/g) ?? [];
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('data-state="in_progress"');
    expect(items[0]).toContain('on the line');
    expect(items[0]).toContain('answered by assistant');
    expect(items[0]).toContain('aria-label="Hang up the call from +15551230000"');
    expect(items[1]).toContain('ended, the caller hung up');
    expect(items[1]).not.toContain('Hang up the call');
    expect(items[1]).toContain('Open the conversation');
  });

  it('says where calls come from when there are none', () => {
    expect(renderWithStore(<CallsPanel />)).toContain('No phone calls yet. Settings › Phone connects a Twilio number.');
  });
});
