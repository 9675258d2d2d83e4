/**
 * The creative stage of `vitrine pipeline`: decides this version's generator, library and brand
 * kit, so they go out in the SAME manifest as the embeddings (one manifest write, one pointer
 * flip; rollback moves both halves). It runs before the publish stage and only stages: new blobs
 * wait in memory and `write` copies them into the publish session, so a failure anywhere — here,
 * in the index build, in the commit — publishes nothing.
 *
 * The generator has its own cadence (`gan`):
 * - `reuse` (the CLI's default): carry the live generator's blobs; train one when there is none.
 *   The library is carried too, unless the brand kit changed (banners bake the kit in): then it
 *   is re-rendered from the live generator.
 * - `retrain`: train a new generator (preset `ganPreset`), export it through the parity check,
 *   gate it against the live one (jobs/gan-gate.ts); a refused generator keeps the live one
 *   and the run reports `refused` (the CLI exits 3, like the model gate), the embeddings still go out.
 * - `skip`: every creative section exactly as live (statuses updated from the review file).
 * Library statuses: creatives/review.ts.
 */

import {
  type BlobRef,
  CREATIVE_STATUSES,
  CreativeLoopConfig,
  type CreativeStatus,
  type GeneratorSection,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { MemoryStore } from '#shared/storage';
import { readReview, withStatuses } from '../creatives/review.ts';
import { type GeneratorGateDecision, gateGenerator } from '../jobs/gan-gate.ts';
import { retrainGenerator } from '../jobs/gan-retrain.ts';
import { type JobContext, lateProgress } from '../observe/index.ts';
import { readLiveState } from '../publish/live-state.ts';
import { manifestBlobRefs } from '../publish/refs.ts';
import { openStore } from '../storage/open.ts';
import {
  type CreativeSections,
  isParityRefusal,
  liveGeneratorBytes,
  liveSections,
  renderLibrary,
  resolveKit,
} from './creative-build.ts';
import { CREATIVE_LOOP_PRESET_VALUES } from './creative-presets.ts';
import type { PipelineStage } from './stage.ts';

export interface CreativeStageSummary {
  mode: CreativeLoopConfig['gan'];
  /** trained: a new generator; reused / kept-live: the live one (kept-live: the new one was refused). */
  action: 'trained' | 'reused' | 'kept-live' | 'skipped';
  generator: string | null;
  brandKit: string | null;
  /** Library entries of the version, by status. */
  creatives: Record<CreativeStatus, number> & { total: number; rendered: boolean };
  gate: GeneratorGateDecision | { passed: false; forced: false; message: string } | null;
  /** A retrained generator was refused (the CLI's exit code says so). */
  refused: boolean;
  seconds: number;
}

export interface CreativeStageResult {
  summary: CreativeStageSummary;
  /** Copies the staged blobs into the publish session and returns the manifest sections. */
  write(putBlob: (bytes: Uint8Array) => Promise<BlobRef>): Promise<CreativeSections>;
}

interface Candidate {
  section: GeneratorSection;
  onnx: Uint8Array;
}

type Retrained = { accepted: Candidate | null; gate: CreativeStageSummary['gate'] };

/** Trains, exports (parity) and gates a new generator; `accepted: null` when it is refused. */
async function retrainAndGate(
  cfg: CreativeLoopConfig,
  live: CreativeSections,
  store: BlobStore,
  staging: BlobStore,
  ctx: JobContext,
): Promise<Retrained> {
  const preset = CREATIVE_LOOP_PRESET_VALUES[cfg.ganPreset];
  const bar = lateProgress(ctx, 'gan train');
  let trained: Awaited<ReturnType<typeof retrainGenerator>>;
  try {
    trained = await retrainGenerator({
      store: staging,
      prefix: 'gan',
      gan: { ...preset.gan, ...(cfg.ganSteps === undefined ? {} : { steps: cfg.ganSteps }) },
      dataDir: cfg.ganData,
      trainPerClass: preset.trainPerClass,
      validationPerClass: preset.validationPerClass,
      parityPerClass: preset.parityPerClass,
      onProgress: (step, steps) => bar.update(step, steps),
    });
  } catch (error) {
    if (!isParityRefusal(error)) throw error;
    return { accepted: null, gate: { passed: false, forced: false, message: error.message } };
  } finally {
    bar.finish();
  }
  ctx.log.info('creatives.trained', {
    data: trained.description,
    steps: trained.steps,
    seconds: trained.trainSeconds,
  });
  const { generator } = trained.exported.listing;
  const liveBytes = await liveGeneratorBytes(store, live);
  const gate = await gateGenerator(
    trained.exported.onnx,
    liveBytes === null || live.generator === undefined ? null : { bytes: liveBytes, section: live.generator },
    {
      data: trained.data,
      cache: openStore(cfg.ganCache),
      classifier: preset.classifier,
      samplesPerClass: preset.samplesPerClass,
      fidMargin: cfg.fidMargin,
      classCorrectMargin: cfg.classCorrectMargin,
      force: cfg.ganForce,
    },
  );
  return { accepted: gate.passed ? { section: generator, onnx: trained.exported.onnx } : null, gate };
}

/**
 * Decides and stages this version's creative sections.
 *
 * @example
 * const result = await prepareCreatives(store, CreativeLoopConfig.parse({ gan: 'retrain', ganPreset: 'tiny' }), ctx);
 * await publish(store, async (put) => ({ ...body, ...(await result.write(put)) }));
 */
export async function prepareCreatives(
  store: BlobStore,
  cfg: CreativeLoopConfig,
  ctx: JobContext,
): Promise<CreativeStageResult> {
  const t0 = performance.now();
  const staging = new MemoryStore('creative-staging');
  const state = await readLiveState(store);
  const live = liveSections(state.kind === 'live' ? state.live.manifest : null);
  const review = await readReview(store);
  const statuses = { review, live: live.creatives, approveNew: cfg.approveCreatives };
  let sections: CreativeSections;
  let action: CreativeStageSummary['action'] = 'skipped';
  let gate: CreativeStageSummary['gate'] = null;
  let rendered = false;
  if (cfg.gan === 'skip') {
    if (cfg.brandKit !== undefined) ctx.log.warn('creatives.brand_kit_ignored', { reason: '--gan skip' });
    sections = { ...live, ...(live.creatives && { creatives: withStatuses(live.creatives, statuses) }) };
  } else {
    const kit = await resolveKit(cfg.brandKit, live, store, staging);
    let generator: Candidate | null = null;
    if (cfg.gan === 'retrain' || live.generator === undefined) {
      const retrained = await retrainAndGate(cfg, live, store, staging, ctx);
      ({ gate } = retrained);
      generator = retrained.accepted;
      action = generator !== null ? 'trained' : 'kept-live';
      (gate?.passed ? ctx.log.info : ctx.log.warn)('creatives.gate', { ...gate });
    } else action = 'reused';
    const preset = CREATIVE_LOOP_PRESET_VALUES[cfg.ganPreset];
    const variants = cfg.variants ?? preset.variants;
    let creatives = live.creatives;
    if (generator !== null) {
      creatives = await renderLibrary(staging, generator.onnx, generator.section, kit.kit, preset, variants);
      rendered = true;
    } else if (live.generator !== undefined && (kit.changed || live.creatives === undefined)) {
      const onnx = (await liveGeneratorBytes(store, live)) as Uint8Array;
      creatives = await renderLibrary(staging, onnx, live.generator, kit.kit, preset, variants);
      rendered = true;
    }
    const { brandFonts: _liveFonts, ...rest } = live;
    sections = {
      ...rest,
      generator: generator?.section ?? live.generator,
      brandKit: kit.ref,
      ...(kit.fonts.length > 0 && { brandFonts: kit.fonts }),
      ...(creatives && { creatives: withStatuses(creatives, statuses) }),
    };
  }
  const summary = summarise(cfg, action, sections, gate, rendered, t0);
  ctx.log.info('creatives.stage', { ...summary, gate: summary.gate?.message ?? null });
  return {
    summary,
    async write(putBlob) {
      for (const ref of manifestBlobRefs(sections).values()) {
        // Staged blobs are new; the rest are the live version's, already in the store.
        const staged = await staging.get(ref.key).catch(() => null);
        if (staged !== null) await putBlob(staged);
      }
      return sections;
    },
  };
}

function summarise(
  cfg: CreativeLoopConfig,
  action: CreativeStageSummary['action'],
  sections: CreativeSections,
  gate: CreativeStageSummary['gate'],
  rendered: boolean,
  t0: number,
): CreativeStageSummary {
  const counts = Object.fromEntries(CREATIVE_STATUSES.map((s) => [s, 0])) as Record<CreativeStatus, number>;
  for (const e of sections.creatives ?? []) counts[e.status ?? 'approved']++;
  return {
    mode: cfg.gan,
    action,
    generator: sections.generator?.onnx.sha256 ?? null,
    brandKit: sections.brandKit?.sha256 ?? null,
    creatives: { ...counts, total: sections.creatives?.length ?? 0, rendered },
    gate,
    refused: gate !== null && !gate.passed,
    seconds: Math.round(performance.now() - t0) / 1000,
  };
}

/**
 * The stage: without `options.creatives` (the library API's default, used by the demo and the
 * edge fixtures) the creative sections stay as live; `vitrine pipeline` always passes its flags.
 */
export const creativeStage: PipelineStage = {
  name: 'creatives',
  async run(run) {
    const cfg = CreativeLoopConfig.parse(run.options.creatives ?? { gan: 'skip' });
    run.creatives = await prepareCreatives(run.store, cfg, run.ctx);
    return undefined;
  },
};
