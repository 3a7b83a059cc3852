import type { AgentProfile } from '../agent.ts';
import { DEFAULT_TRAINING_OPTIONS, LinearClassifier, softmaxInPlace, type LinearTrainingOptions, type TrainingSample } from './linear-classifier.ts';
import { TfidfVectorizer, type SparseVector, type VectorizerOptions } from './tfidf-vectorizer.ts';

/** What the embedding router needs from an agent: its name and the texts that describe it. */
export type AgentTexts = Pick<AgentProfile, 'name' | 'description' | 'capabilities' | 'examples'>;

export interface AgentScore {
  agent: string;
  /** 0..1, comparable to a confidence threshold. */
  score: number;
}

export interface LexicalScorerOptions {
  vectorizer: Partial<VectorizerOptions>;
  training: Partial<LinearTrainingOptions>;
  /**
   * Softmax temperature turning the linear scores into probabilities. 0.2 made the max probability
   * the best out-of-scope detector on CLINC150 val (of 0.1, 0.2, 0.3).
   */
  temperature: number;
  /**
   * Agents with fewer examples than this lean on text similarity: their score is
   * w * classifier + (1 - w) * similarity with w = examples / this.
   */
  examplesForFullTrust: number;
  /** Features in fewer texts than this get no classifier weight (1 keeps all)... */
  minDocumentFrequency: number;
  /** ...once the agents have more texts than this; a small registry needs every n-gram it has. */
  pruneAboveTexts: number;
}

export const DEFAULT_LEXICAL_SCORER_OPTIONS: LexicalScorerOptions = {
  vectorizer: {},
  training: {},
  temperature: 0.2,
  examplesForFullTrust: 10,
  minDocumentFrequency: 2,
  pruneAboveTexts: 2000,
};

interface TrainedModel {
  agents: AgentTexts[];
  classifier: LinearClassifier;
  /** Per agent with few examples: its texts' vectors, for nearest-text cosine similarity. */
  profiles: (Map<number, number>[] | null)[];
}

/**
 * Scores every agent for a query from lexical features alone: a linear classifier (an SVM by
 * default) trained on the agents' example utterances, plus their description and capabilities so
 * an agent without examples is still a class, its scores turned into probabilities by a softmax;
 * blended with cosine similarity to the agent's own texts for agents with few examples. Training
 * is lazy: registering many agents costs nothing until the next query.
 */
export class LexicalAgentScorer {
  readonly options: LexicalScorerOptions;
  private readonly byName = new Map<string, AgentTexts>();
  private vectorizer: TfidfVectorizer;
  private model: TrainedModel | null = null;

  constructor(options: Partial<LexicalScorerOptions> = {}) {
    this.options = { ...DEFAULT_LEXICAL_SCORER_OPTIONS, ...options };
    this.vectorizer = new TfidfVectorizer(this.options.vectorizer);
  }

  /** Adds or replaces an agent; the model is retrained on the next `score` or `build`. */
  register(agent: AgentTexts): void {
    this.byName.set(agent.name, { name: agent.name, description: agent.description, capabilities: [...agent.capabilities], examples: [...agent.examples] });
    this.model = null;
  }

  remove(name: string): boolean {
    const removed = this.byName.delete(name);
    if (removed) this.model = null;
    return removed;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  get isBuilt(): boolean {
    return this.model !== null;
  }

  /** Trains now (otherwise done on the first query after a change). */
  build(): void {
    if (this.model) return;
    const agents = [...this.byName.values()];
    this.vectorizer = new TfidfVectorizer(this.options.vectorizer);
    const textsOf = agents.map(agentTexts);
    const vectors = this.vectorizer.fitTransform(textsOf.flat());
    const samples: TrainingSample[] = [];
    const rows = new Set<number>();
    const minFrequency = vectors.length > this.options.pruneAboveTexts ? this.options.minDocumentFrequency : 1;
    const vectorsOf: SparseVector[][] = [];
    let next = 0;
    textsOf.forEach((texts, label) => {
      const own = vectors.slice(next, next + texts.length);
      next += texts.length;
      vectorsOf.push(own);
      for (const vector of own) {
        samples.push({ vector, label });
        // In a large registry a feature seen in one text only hardly generalises; leaving it out
        // keeps training fast.
        for (const bucket of vector.indices) if (this.vectorizer.frequency(bucket) >= minFrequency) rows.add(bucket);
      }
    });
    const classifier = new LinearClassifier(agents.length, rows);
    classifier.train(samples, { ...DEFAULT_TRAINING_OPTIONS, ...this.options.training });
    const profiles = agents.map((agent, index) =>
      agent.examples.length < this.options.examplesForFullTrust ? vectorsOf[index]!.map(toLookup) : null,
    );
    this.model = { agents, classifier, profiles };
  }

  /** Every agent's score, best first. */
  score(query: string): AgentScore[] {
    this.build();
    const model = this.model!;
    if (model.agents.length === 0) return [];
    const vector = this.vectorizer.vectorize(query);
    const probabilities = softmaxInPlace(model.classifier.logits(vector), this.options.temperature);
    const known = this.coverage(vector);
    const scores = model.agents.map((agent, index): AgentScore => {
      const probability = probabilities[index]! * known;
      const profile = model.profiles[index];
      if (!profile) return { agent: agent.name, score: probability };
      const trust = agent.examples.length / this.options.examplesForFullTrust;
      return { agent: agent.name, score: trust * probability + (1 - trust) * nearestSimilarity(vector, profile) };
    });
    return scores.sort((a, b) => b.score - a.score || a.agent.localeCompare(b.agent));
  }

  /**
   * Share of the query's (unit) vector made of n-grams that occur in some agent's texts: the
   * classifier knows nothing about the rest, so its confidence is scaled by the square root of this
   * (tuned on CLINC150 val: the plain share penalised unseen names and numbers too much). Without it an
   * empty or foreign query would get the class prior as its score.
   */
  private coverage(vector: SparseVector): number {
    let known = 0;
    for (let i = 0; i < vector.indices.length; i++) {
      if (this.vectorizer.frequency(vector.indices[i]!) > 0) known += vector.values[i]! * vector.values[i]!;
    }
    return Math.sqrt(Math.min(1, known));
  }
}

function agentTexts(agent: AgentTexts): string[] {
  return [...agent.examples, agent.description, ...agent.capabilities].filter((text) => text.trim().length > 0);
}

function toLookup(vector: SparseVector): Map<number, number> {
  const lookup = new Map<number, number>();
  for (let i = 0; i < vector.indices.length; i++) lookup.set(vector.indices[i]!, vector.values[i]!);
  return lookup;
}

function nearestSimilarity(vector: SparseVector, profile: Map<number, number>[]): number {
  let best = 0;
  for (const lookup of profile) {
    let dot = 0;
    for (let i = 0; i < vector.indices.length; i++) dot += vector.values[i]! * (lookup.get(vector.indices[i]!) ?? 0);
    if (dot > best) best = dot;
  }
  return Math.min(1, best);
}
