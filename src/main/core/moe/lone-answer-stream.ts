import type { AgentRunStatus } from '../../../shared/trace.ts';

/**
 * When the router chose one expert, its text is spoken as it forms. The self-selecting local
 * skills asked beside it decide first: its text is held until each of them has settled without
 * an answer (they are parsers, done long before a model's first token), and is not streamed at
 * all once one of them answers; the answers are then weighed like any others.
 */
export class LoneAnswerStream {
  private held: string[] = [];
  private state: 'holding' | 'streaming' | 'off';
  private readonly undecided: Set<string>;

  constructor(localSkills: readonly string[]) {
    this.undecided = new Set(localSkills);
    this.state = this.undecided.size === 0 ? 'streaming' : 'holding';
  }

  /** The lone expert's text, as it forms: the pieces that may go out now. */
  text(piece: string): string[] {
    if (this.state === 'streaming') return [piece];
    if (this.state === 'holding') this.held.push(piece);
    return [];
  }

  /** A run ended: the held pieces, once the last local skill has settled without an answer. */
  settled(run: { agent: string; status: AgentRunStatus }): string[] {
    if (this.state !== 'holding' || !this.undecided.delete(run.agent)) return [];
    if (run.status === 'success') {
      this.state = 'off';
      this.held = [];
      return [];
    }
    if (this.undecided.size > 0) return [];
    this.state = 'streaming';
    const released = this.held;
    this.held = [];
    return released;
  }

  /** True while text of the lone expert is held, to be streamed once the local skills have abstained. */
  get holdsText(): boolean {
    return this.state === 'holding' && this.held.length > 0;
  }
}
