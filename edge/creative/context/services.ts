/**
 * The per-isolate singletons of the creative Worker, built once from the bindings and vars
 * (edge/lib's `perIsolate`): the bucket, the manifest provider (pointer → verified manifest,
 * stale-while-revalidate, last good copy in the colo cache) and the generator slot.
 */
import { CreativeWorkerVars, type GeneratorSection } from '#shared/schemas';
import {
  defaultColoCache,
  type LoadedManifest,
  type ManifestProvider,
  openManifests,
  perIsolate,
  R2Store,
  type RequestScope,
  readVerified,
  type WebCache,
} from '../../lib/index.ts';
import { BrandKits } from '../brand/index.ts';
import { GeneratorSlot, openGenerator } from '../generator/index.ts';
import { ItemCards, PictureHosts } from '../items/index.ts';
import { warmBannerEngine } from '../render/index.ts';

export interface CreativeServices {
  config: CreativeWorkerVars;
  store: R2Store;
  manifests: ManifestProvider;
  generators: GeneratorSlot;
  /** The live brand kit, parsed once per kit blob. */
  kits: BrandKits;
  /** Item cards of per-item creatives, parsed once per shard blob. */
  cards: ItemCards;
  /** Where product pictures may be fetched from (`PICTURE_HOSTS`). */
  pictureHosts: PictureHosts;
  /** `caches.default` where the runtime has it. */
  colo: WebCache | undefined;
}

/**
 * Starts building the new model's session, and the banner engine with its fonts, off the request
 * path (cron refresh, or while the first request waits for the generator blob).
 */
function warm(generators: GeneratorSlot, loaded: LoadedManifest, scope: RequestScope): void {
  const section = loaded.manifest.generator;
  scope.waitUntil(warmBannerEngine());
  if (section !== undefined) scope.waitUntil(generators.get(section).catch(() => undefined));
}

function build(config: CreativeWorkerVars, env: Env): CreativeServices {
  const store = new R2Store(env.BUCKET);
  const colo = defaultColoCache();
  const generators = new GeneratorSlot({
    open: async (section: GeneratorSection) =>
      openGenerator(await readVerified(store, section.onnx, config.GENERATOR_MAX_BYTES), section),
  });
  const manifests = openManifests({
    origin: store,
    ttlSeconds: config.MANIFEST_TTL_SECONDS,
    colo,
    onUpdate: (loaded, scope) => warm(generators, loaded, scope),
  });
  return {
    config,
    store,
    manifests,
    generators,
    kits: new BrandKits(store),
    cards: new ItemCards(store),
    pictureHosts: new PictureHosts(config.PICTURE_HOSTS),
    colo,
  };
}

/**
 * The isolate's services for `env`; `precondition_failed` when a var is invalid (a deployment
 * mistake that must be loud).
 *
 * @example
 * const { manifests, generators } = creativeServicesFor(c.env);
 */
export const creativeServicesFor: (env: Env) => CreativeServices = perIsolate(
  CreativeWorkerVars,
  (env: Env) => ({
    MANIFEST_TTL_SECONDS: env.MANIFEST_TTL_SECONDS,
    CREATIVE_MAX_AGE_SECONDS: env.CREATIVE_MAX_AGE_SECONDS,
    GENERATOR_MAX_BYTES: env.GENERATOR_MAX_BYTES,
    PICTURE_HOSTS: env.PICTURE_HOSTS,
  }),
  build,
);
