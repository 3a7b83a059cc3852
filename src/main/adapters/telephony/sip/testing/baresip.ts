import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startPeer, writeFileIn, type PeerProcess } from './peer-processes.ts';

// baresip (Debian's baresip-core) as a softphone calling our endpoint: a WAV file as its
// microphone (module aufile), every call's received audio written to a WAV (module sndfile), the
// call placed from the command line and hung up when baresip quits after `seconds`.

export interface BaresipRun {
  workDir: string;
  sipPort: number;
  /** 8 kHz 16-bit mono WAV: what the caller says (baresip hangs up when it ends, so pad it with silence). */
  microphoneWav: string;
  dial: string;
  /** baresip quits (hanging up) after this long. */
  seconds: number;
}

export function runBaresip(run: BaresipRun): { process: PeerProcess; recordings: string } {
  const configDir = join(run.workDir, 'baresip');
  const recordings = join(run.workDir, 'baresip-recordings');
  mkdirSync(configDir, { recursive: true });
  mkdirSync(recordings, { recursive: true });
  writeFileIn(
    configDir,
    'config',
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${run.sipPort}`,
      `audio_source aufile,${run.microphoneWav}`,
      'audio_player aufile,/dev/null',
      'audio_alert aufile,/dev/null',
      'ausrc_srate 8000',
      'auplay_srate 8000',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module sndfile.so',
      'module_tmp account.so',
      'module_app menu.so',
      `snd_path ${recordings}`,
      '',
    ].join('\n'),
  );
  writeFileIn(configDir, 'accounts', '<sip:caller@127.0.0.1>;regint=0;audio_codecs=PCMU\n');
  // -n 127.0.0.1: its SDP then gives 127.0.0.1, the address its RTP comes from (we take RTP only from there).
  const process = startPeer('baresip', ['-4', '-n', '127.0.0.1', '-f', configDir, '-e', `/dial ${run.dial}`, '-t', String(run.seconds)], { cwd: run.workDir });
  return { process, recordings };
}
