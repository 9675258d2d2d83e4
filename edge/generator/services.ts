/**
 * The generator Worker's per-isolate singletons (edge/lib's `isolateServices`): the bucket and
 * the generator slot, which holds one onnxruntime session per model — built on the first call
 * that names the model, reused by every later one, replaced when the creative Worker names
 * another blob, and remembered as failed for a while when the model cannot be used.
 */
import type { GeneratorSection } from '#shared/schemas/creatives';
import { GeneratorWorkerVars } from '#shared/schemas/env';
import {
  type CreativeGenerator,
  GeneratorSlot,
  type IsolateServices,
  isolateServices,
  R2Store,
  readVerified,
} from '../lib/index.ts';
import { openGenerator } from './generator.ts';

export interface GeneratorServices {
  config: GeneratorWorkerVars;
  generators: GeneratorSlot<CreativeGenerator>;
}

function build(config: GeneratorWorkerVars, env: Env): GeneratorServices {
  const store = new R2Store(env.BUCKET);
  const generators = new GeneratorSlot({
    // The blob is named by the caller's manifest: size and sha256 are checked before onnxruntime
    // sees a byte, so only a model the batch publisher stored can run here.
    open: async (section: GeneratorSection) =>
      openGenerator(await readVerified(store, section.onnx, config.GENERATOR_MAX_BYTES), section),
  });
  return { config, generators };
}

/**
 * `generatorServicesFor(env)`: the isolate's services; `precondition_failed` when a var is
 * invalid (a deployment mistake that must be loud).
 *
 * @example
 * const { generators } = generatorServicesFor(c.env);
 */
export const { servicesFor: generatorServicesFor }: IsolateServices<Env, GeneratorServices> = isolateServices(
  GeneratorWorkerVars,
  build,
);
