import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPeer, writeFileIn, type PeerProcess } from './peer-processes.ts';

// sipp (Debian's sip-tester) playing one of the scenarios beside this file against our endpoint.
// A scenario's {{name}} placeholders are filled in before sipp reads it (sipp's own [keywords] are
// not expanded inside actions such as rtp_stream).

const SCENARIOS = fileURLToPath(new URL('./sipp/', import.meta.url));
/** sipp's own RFC 4733 captures of each key (package sip-tester). */
export const SIPP_DTMF_DIR = '/usr/share/sip-tester';

export interface SippRun {
  scenario: string;
  target: { address: string; port: number };
  /** Written into the scenario's {{placeholders}}. */
  values?: Record<string, string | number>;
  workDir: string;
  sipPort: number;
  mediaPort: number;
  /** Calls to place (-m) and how many at once (-l). */
  calls?: number;
  rate?: number;
  extraArgs?: string[];
}

export function runSipp(run: SippRun): PeerProcess {
  let scenario = readFileSync(join(SCENARIOS, `${run.scenario}.xml`), 'utf8');
  for (const [name, value] of Object.entries(run.values ?? {})) scenario = scenario.replaceAll(`{{${name}}}`, String(value));
  const missing = /\{\{(\w+)\}\}/.exec(scenario);
  if (missing) throw new Error(`the sipp scenario ${run.scenario} needs a value for {{${missing[1]}}}`);
  const path = writeFileIn(run.workDir, `${run.scenario}.xml`, scenario);
  const calls = run.calls ?? 1;
  return startPeer(
    'sipp',
    [
      `${run.target.address}:${run.target.port}`,
      '-sf', path,
      '-m', String(calls),
      '-l', String(calls),
      '-r', String(run.rate ?? calls),
      '-i', '127.0.0.1',
      '-p', String(run.sipPort),
      '-mi', '127.0.0.1',
      '-mp', String(run.mediaPort),
      '-timeout', '60s',
      '-timeout_error',
      '-nostdin',
      '-trace_err',
      ...(run.extraArgs ?? []),
    ],
    { cwd: run.workDir },
  );
}
