import { join } from 'node:path';
import { concatAudio, silence } from '../../adapters/testing/speech-fixtures.ts';
import { freeUdpPort, writeMuLawWav, type PeerProcess } from '../../adapters/telephony/sip/testing/peer-processes.ts';
import { runSipp } from '../../adapters/telephony/sip/testing/sipp.ts';
import { questionOf, toneThenQuestion } from './call-tones.ts';

/**
 * `count` sipp processes calling `target` at once, caller n asking questionOf(n) after its tone,
 * then staying on the line (RTP of silence, as a phone sends) for `stayMs` before its BYE. Each
 * call's Call-ID starts with "caller<n>-", so a test can tell them apart on the host's side.
 */
export async function startSipCallers(options: { target: { address: string; port: number }; workDir: string; count: number; stayMs: number }): Promise<PeerProcess[]> {
  const callers: PeerProcess[] = [];
  for (let caller = 0; caller < options.count; caller++) {
    const wav = join(options.workDir, `sip-caller-${caller}.wav`);
    writeMuLawWav(wav, concatAudio(silence(300, 8000), await toneThenQuestion(caller, questionOf(caller)), silence(options.stayMs + 10_000, 8000)));
    callers.push(
      runSipp({
        scenario: 'ask-only',
        target: options.target,
        workDir: options.workDir,
        sipPort: await freeUdpPort(),
        mediaPort: await freeUdpPort(),
        values: { question: wav, question_ms: 4000, answer_wait: options.stayMs },
        extraArgs: ['-cid_str', `caller${caller}-%u-%p@%s`],
      }),
    );
  }
  return callers;
}
