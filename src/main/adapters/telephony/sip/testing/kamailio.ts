import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startPeer, writeFileIn, type PeerProcess } from './peer-processes.ts';

// kamailio (Debian's package) as a registrar that challenges REGISTERs with digest and proxies
// INVITEs for a registered user to its contact; kamailio/registrar.cfg beside this file.

const CONFIG = fileURLToPath(new URL('./kamailio/registrar.cfg', import.meta.url));

export function runKamailio(options: { workDir: string; port: number; user: string; password: string }): PeerProcess {
  const config = readFileSync(CONFIG, 'utf8').replaceAll('{{port}}', String(options.port)).replaceAll('{{user}}', options.user).replaceAll('{{password}}', options.password);
  const path = writeFileIn(options.workDir, 'kamailio.cfg', config);
  // -DD: stay in the foreground, -E: log to stderr, small shared and private memory.
  return startPeer('kamailio', ['-f', path, '-DD', '-E', '-m', '64', '-M', '8', '-P', `${options.workDir}/kamailio.pid`, '-Y', options.workDir], { cwd: options.workDir });
}
