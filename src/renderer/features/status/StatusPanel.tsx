import { useId, useState } from 'react';
import type { AppStatus, ConfigError, ProviderStatus, StorageProblem } from '../../../shared/contract.ts';
import { useAppActions, useAppState } from '../../state/app-context.tsx';
import { Uptime } from './Uptime.tsx';

export function StatusPanel() {
  const headingId = useId();
  const status = useAppState((s) => s.status);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Status</h2>
      {status ? <StatusDetails status={status} /> : <p className="muted">Waiting for the assistant…</p>}
    </section>
  );
}

function StatusDetails({ status }: { status: AppStatus }) {
  const { versions } = status;
  const runtime: [string, string | null][] = [
    ['Node', versions.node],
    ['V8', versions.v8],
    ['SQLite', versions.sqlite],
    ['Electron', versions.electron],
    ['Chrome', versions.chrome],
  ];
  return (
    <>
      {status.storage.problems.length > 0 && <StorageProblems problems={status.storage.problems} />}
      {status.configErrors.length > 0 && <ConfigErrors errors={status.configErrors} />}
      <dl className="facts">
        <dt>App version</dt>
        <dd data-testid="app-version">{versions.app}</dd>
        <dt>Host</dt>
        <dd data-testid="host-kind">{status.host}</dd>
        <dt>Uptime</dt>
        <dd>
          <Uptime status={status} />
        </dd>
        <dt>Store</dt>
        <dd data-testid="store-path" className="path">
          {status.storePath}
        </dd>
        <dt>Data directory</dt>
        <dd className="path">{status.dataDir}</dd>
      </dl>
      <h3>Versions</h3>
      <dl className="facts">
        {runtime.map(([name, version]) =>
          version === null ? null : (
            <div key={name} className="fact">
              <dt>{name}</dt>
              <dd>{version}</dd>
            </div>
          ),
        )}
      </dl>
      <h3>Providers</h3>
      <CheckProvidersButton />
      <ul className="providers">
        {status.providers.map((provider) => (
          <li key={`${provider.kind}:${provider.id}`}>
            <span className="provider-name">
              {provider.id} <span className="muted">({provider.kind})</span>
            </span>
            <ProviderBadge provider={provider} />
            <span className="provider-detail">{provider.detail}</span>
            {provider.problem && (
              <span className="provider-detail provider-problem" data-testid="provider-problem">
                {provider.problem}
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A server shows whether it answered when last checked; anything else, whether it is set up. */
function ProviderBadge({ provider }: { provider: ProviderStatus }) {
  if (!provider.configured) return <span className="badge badge-missing">not set up</span>;
  if (provider.reachable === true) {
    return (
      <span className="badge badge-ok" data-testid="provider-reachable">
        reachable{provider.models && provider.models.length > 0 ? ` (${provider.models.length} models)` : ''}
      </span>
    );
  }
  if (provider.reachable === false) return <span className="badge badge-missing" data-testid="provider-unreachable">not reachable</span>;
  if (provider.reachable === null) return <span className="badge">not checked yet</span>;
  return <span className="badge badge-ok">ready</span>;
}

function CheckProvidersButton() {
  const { checkProviders } = useAppActions();
  const [checking, setChecking] = useState(false);
  return (
    <button
      type="button"
      disabled={checking}
      onClick={() => {
        setChecking(true);
        void checkProviders().finally(() => setChecking(false));
      }}
    >
      {checking ? 'Checking…' : 'Check now'}
    </button>
  );
}

function StorageProblems({ problems }: { problems: StorageProblem[] }) {
  return (
    <div role="alert" className="banner banner-error storage-problems" data-testid="storage-problems">
      <p>History database problems</p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index} data-kind={problem.kind}>
            {problem.message}
            {problem.count > 1 && ` (${problem.count} times)`}
            {problem.recovered && (
              <>
                {' '}
                <span className="storage-recovered">
                  Recovered: {problem.recovered.sessions} sessions, {problem.recovered.turns} turns, {problem.recovered.traces} traces.
                </span>
              </>
            )}
            {problem.quarantinedAs && (
              <>
                {' '}
                Damaged file kept as <span className="path" data-testid="storage-quarantined">{problem.quarantinedAs}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConfigErrors({ errors }: { errors: ConfigError[] }) {
  return (
    <div role="alert" className="banner banner-warning config-errors">
      <p>Configuration problems: running on defaults for the fields below</p>
      <ul>
        {errors.map((error, index) => (
          <li key={index}>{formatConfigError(error)}</li>
        ))}
      </ul>
    </div>
  );
}

/** `file:line:column field — message`, leaving out the parts the error does not know. */
export function formatConfigError(error: ConfigError): string {
  let where = error.file;
  if (error.line !== null) where += `:${error.line}`;
  if (error.line !== null && error.column !== null) where += `:${error.column}`;
  const field = error.field === null ? '' : ` ${error.field}`;
  return `${where}${field} — ${error.message}`;
}
