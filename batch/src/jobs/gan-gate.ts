/**
 * Job: the generator's gate in `vitrine pipeline` — a retrained generator against the live one.
 *
 * Both are scored the same way, on the artifact the edge would run: the ONNX file in
 * onnxruntime-web, the same seeded latents, the same real-image classifier and the same held-out
 * validation images (evaluateGan: class-correct share, Fréchet distance beside the real-vs-real
 * floor). Parity is checked earlier, by the export job (a file that drifts never gets here).
 * The candidate is refused when its Fréchet distance exceeds the live one's × (1 + fidMargin) or
 * its class-correct share falls below the live one's − classCorrectMargin; a live generator
 * drawn for other categories or another image size is not comparable, and then the candidate
 * passes on its parity alone (a new catalogue needs a new generator).
 */

import { createRng } from '#shared/random';
import type { GeneratorSection } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { openOnnxGenerator } from '../creatives/index.ts';
import { oneHot, sampleNoise } from '../models/gan/batches.ts';
import { type ClassifierConfig, loadOrTrainClassifier } from '../models/gan/classifier.ts';
import type { GanData } from '../models/gan/dataset.ts';
import { evaluateGan } from '../models/gan/evaluate.ts';
import { labelsPerClass } from '../models/gan/sample.ts';

export interface GeneratorScore {
  classCorrect: number;
  /** The classifier's accuracy on the real validation images (what a perfect generator scores). */
  referenceAccuracy: number;
  fid: number;
  fidFloor: number;
  samplesPerClass: number;
}

export interface GeneratorGateDecision {
  passed: boolean;
  /** Passed only because `force` was set. */
  forced: boolean;
  candidate: GeneratorScore;
  /** Null when there is no live generator or it draws other categories / another size. */
  live: GeneratorScore | null;
  fidMargin: number;
  classCorrectMargin: number;
  message: string;
}

export interface GeneratorGateOptions {
  data: GanData;
  /** Where the evaluation classifier is cached (keyed by data + config). */
  cache: BlobStore;
  classifier: ClassifierConfig;
  samplesPerClass: number;
  fidMargin: number;
  classCorrectMargin: number;
  force: boolean;
  seed?: number;
}

/** ONNX generator → bytes in the data's convention, for `perClass` latents of every category. */
async function drawOnnx(onnx: Uint8Array, classes: number, perClass: number, seed: number) {
  const generator = await openOnnxGenerator(onnx, 'web');
  try {
    const labels = labelsPerClass(perClass, classes);
    const noise = sampleNoise(createRng(seed).fork('gate'), labels.length, generator.noiseDim);
    const label = oneHot(labels, classes);
    const values = await generator.generate({ noise, label, count: labels.length });
    return Uint8Array.from(values, (v) => Math.max(0, Math.min(255, Math.round((v + 1) * 127.5))));
  } finally {
    await generator.close();
  }
}

/** Whether a generator section draws what `data` holds (same classes in order, same side). */
export function comparable(section: GeneratorSection, data: GanData): boolean {
  const { categories } = data;
  return (
    section.imageSize === data.train.rows &&
    section.categories.length === categories.length &&
    section.categories.every((c, i) => c === categories[i])
  );
}

/**
 * Scores the candidate (and the live generator when comparable) and decides.
 *
 * @example
 * const gate = await gateGenerator(candidateOnnx, { bytes: liveOnnx, section: live.generator }, options);
 * if (!gate.passed) log.warn('creatives.gate', gate);
 */
export async function gateGenerator(
  candidate: Uint8Array,
  live: { bytes: Uint8Array; section: GeneratorSection } | null,
  o: GeneratorGateOptions,
): Promise<GeneratorGateDecision> {
  const { data } = o;
  const classes = data.categories.length;
  const clf = await loadOrTrainClassifier(data.train, o.cache, o.classifier, undefined, classes);
  const seed = o.seed ?? 1234;
  const score = async (onnx: Uint8Array): Promise<GeneratorScore> => {
    const images = await drawOnnx(onnx, classes, o.samplesPerClass, seed);
    const e = evaluateGan({
      generator: () => images,
      classifier: clf.model,
      train: data.train,
      reference: data.validation,
      split: 'validation',
      categories: data.categories,
      samplesPerClass: o.samplesPerClass,
      seed,
    });
    const { classCorrect, referenceAccuracy, fidGenerated: fid, fidFloor } = e;
    return { classCorrect, referenceAccuracy, fid, fidFloor, samplesPerClass: o.samplesPerClass };
  };
  try {
    const cand = await score(candidate);
    const liveScore = live !== null && comparable(live.section, data) ? await score(live.bytes) : null;
    return decide(cand, liveScore, o);
  } finally {
    clf.model.dispose();
  }
}

/** The comparison itself (pure): margins as in the module header. */
export function decide(
  candidate: GeneratorScore,
  live: GeneratorScore | null,
  o: Pick<GeneratorGateOptions, 'fidMargin' | 'classCorrectMargin' | 'force'>,
): GeneratorGateDecision {
  const base = { candidate, live, fidMargin: o.fidMargin, classCorrectMargin: o.classCorrectMargin };
  const f = (v: number) => v.toFixed(3);
  if (live === null) {
    const message = 'no comparable live generator: the candidate passes on parity';
    return { ...base, passed: true, forced: false, message };
  }
  const worse: string[] = [];
  if (!(candidate.fid <= live.fid * (1 + o.fidMargin)))
    worse.push(`Fréchet ${f(candidate.fid)} > live ${f(live.fid)} × ${1 + o.fidMargin}`);
  if (!(candidate.classCorrect >= live.classCorrect - o.classCorrectMargin))
    worse.push(
      `class-correct ${f(candidate.classCorrect)} < live ${f(live.classCorrect)} − ${o.classCorrectMargin}`,
    );
  if (worse.length === 0) {
    const message = `Fréchet ${f(candidate.fid)} (live ${f(live.fid)}), class-correct ${f(candidate.classCorrect)} (live ${f(live.classCorrect)})`;
    return { ...base, passed: true, forced: false, message };
  }
  const message = `${worse.join('; ')}: ${o.force ? 'published anyway (forced)' : 'keeping the live generator'}`;
  return { ...base, passed: o.force, forced: o.force, message };
}
