import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_OPTIONS, LinearClassifier, softmaxInPlace, type LinearTrainingOptions, type TrainingSample } from './linear-classifier.ts';
import { seededRandom, shuffleInPlace } from '../../seeded-random.ts';
import { TfidfVectorizer } from './tfidf-vectorizer.ts';

const texts: [string, number][] = [
  ['play some music', 0],
  ['put on a song', 0],
  ['play my jazz playlist', 0],
  ['turn the music up', 0],
  ['set an alarm for 7', 1],
  ['wake me up at six', 1],
  ['alarm at noon please', 1],
  ['set a wake up alarm', 1],
  ['what is my bank balance', 2],
  ['how much money is in my account', 2],
  ['check my savings balance', 2],
  ['account balance please', 2],
];

function trained(options: Partial<LinearTrainingOptions>) {
  const vectorizer = new TfidfVectorizer();
  const vectors = vectorizer.fitTransform(texts.map(([text]) => text));
  const samples: TrainingSample[] = vectors.map((vector, index) => ({ vector, label: texts[index]![1] }));
  const classifier = new LinearClassifier(3, vectors.flatMap((vector) => [...vector.indices]));
  classifier.train(samples, { ...DEFAULT_TRAINING_OPTIONS, epochs: 8, epochsFewClasses: 8, seed: 7, ...options });
  return { vectorizer, classifier };
}

describe('LinearClassifier', () => {
  it.each(['hinge', 'log'] as const)('learns to separate three intents (%s loss)', (loss) => {
    const { vectorizer, classifier } = trained({ loss, learningRate: loss === 'log' ? 2 : 0.5 });
    const predict = (text: string) => {
      const probabilities = classifier.probabilities(vectorizer.vectorize(text), 0.2);
      return probabilities.indexOf(Math.max(...probabilities));
    };
    expect(predict('play a song')).toBe(0);
    expect(predict('set my alarm')).toBe(1);
    expect(predict('what is the balance of my account')).toBe(2);
  });

  it('trains deterministically for a seed', () => {
    const query = new TfidfVectorizer().vectorize('play an alarm balance');
    const a = trained({}).classifier.logits(query);
    const b = trained({}).classifier.logits(query);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('trains against a shortlist of rival classes after the first epoch and still separates them', () => {
    const { vectorizer, classifier } = trained({ shortlist: 2, fewClasses: 2 });
    const logits = classifier.logits(vectorizer.vectorize('wake me at seven with an alarm'));
    expect(logits.indexOf(Math.max(...logits))).toBe(1);
  });

  it('softmax gives probabilities that sum to 1 and sharpen with a lower temperature', () => {
    const warm = softmaxInPlace(new Float64Array([1, 2, 3]), 1);
    const cold = softmaxInPlace(new Float64Array([1, 2, 3]), 0.2);
    expect(warm.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 10);
    expect(cold[2]!).toBeGreaterThan(warm[2]!);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and shuffles reproducibly', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    for (const value of first) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of first) expect(value).toBeLessThan(1);
    expect(shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1))).toEqual(shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1)));
    expect(shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1)).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
