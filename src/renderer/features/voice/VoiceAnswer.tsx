import { cutAnswer, shownAnswer, type VoiceRun } from '../../state/voice-state.ts';

/** The assistant's spoken answer as heard: text appears as its audio plays; a cut is marked. */
export function VoiceAnswer({ runs, testId }: { runs: VoiceRun[]; testId: string }) {
  return (
    <p data-testid={testId} className="voice-answer">
      {runs.map((run, index) => {
        const cut = cutAnswer(run);
        const gap = index > 0 ? ' ' : '';
        if (cut === null) return <span key={run.runId}>{gap + shownAnswer(run)}</span>;
        return (
          <span key={run.runId} data-testid="interrupted-answer">
            {gap + cut.heard}
            <span className="badge badge-interrupted">interrupted</span>
            {cut.unheard.length > 0 && (
              <span className="voice-unheard">
                <span className="visually-hidden">Not heard: </span>
                {cut.unheard}
              </span>
            )}
          </span>
        );
      })}
    </p>
  );
}
