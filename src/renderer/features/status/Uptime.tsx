import { useEffect, useState } from 'react';
import type { AppStatus } from '../../../shared/contract.ts';
import { useAppState } from '../../state/app-context.tsx';
import { formatUptime, uptimeAt } from '../../state/app-store.ts';

export function Uptime({ status }: { status: AppStatus }) {
  const receivedAt = useAppState((s) => s.statusReceivedAt);
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span data-testid="uptime">{formatUptime(uptimeAt(status, receivedAt ?? now, now))}</span>;
}
