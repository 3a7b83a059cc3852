import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PcmAudio } from '../../../../ports/audio.ts';
import { encodeMuLawWav, encodeWav } from '../../../audio/wav.ts';

// Running the real SIP peers Debian ships (sipp, baresip, kamailio) from a test: a free UDP port for
// each, a mu-law WAV for sipp's RTP stream, and a child process whose output is kept for the
// failure message and which is always killed at the end.

/** A UDP port nothing listens on now (the OS picks it; a race with another process is unlikely). */
export async function freeUdpPort(address = '127.0.0.1'): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** 8 kHz mu-law mono WAV, the format sipp's rtp_stream plays as PCMU. */
export function writeMuLawWav(path: string, audio: PcmAudio): void {
  writeFileSync(path, encodeMuLawWav(audio));
}

/** 16-bit PCM WAV at the audio's own rate (baresip's aufile source). */
export function writePcmWav(path: string, audio: PcmAudio): void {
  writeFileSync(path, encodeWav(audio));
}

export interface PeerProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed), rejecting after `timeoutMs`. */
  exited(timeoutMs: number): Promise<number | null>;
  kill(): void;
}

export function startPeer(command: string, args: string[], options: { cwd: string; stdin?: 'pipe' | 'ignore' }): PeerProcess {
  const child = spawn(command, args, { cwd: options.cwd, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', (error) => {
      const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (the SIP interop tests need Debian\'s sip-tester, baresip-core and kamailio: apt-get install sip-tester baresip-core kamailio)' : '';
      output += `\n${command} could not start: ${error.message}${hint}`;
      resolve(-1);
    });
  });
  return {
    child,
    output: () => output,
    exited: (timeoutMs) =>
      Promise.race([
        exit,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${command} did not finish within ${timeoutMs} ms:\n${output}`)), timeoutMs).unref()),
      ]),
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export const writeFileIn = (dir: string, name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
