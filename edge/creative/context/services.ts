/**
 * The per-isolate singletons of the creative Worker, built once from the bindings and vars
 * (edge/lib's `isolateServices`): the bucket, the manifest provider (pointer → verified manifest,
 * stale-while-revalidate, last good copy in the colo cache) and the generator slot.
 */
import { CreativeWorkerVars, type GeneratorSection } from '#shared/schemas';
import {
  defaultColoCache,
  type IsolateServices,
  isolateServices,
  type LoadedManifest,
  type ManifestProvider,
  openManifests,
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
 * When a model goes live: starts the banner engine with its fonts, and — in an isolate that has
 * drawn with the previous generator — building the new generator's session, off the request path
 * (cron refresh, or while the first request waits for its own reads). A fresh isolate builds no
 * session until a banner needs the generator: product-picture banners never do, and creating the
 * onnxruntime session is the largest one-off cost of a cold start (docs/benchmarks.md).
 */
function warm(generators: GeneratorSlot, loaded: LoadedManifest, scope: RequestScope): void {
  const section = loaded.manifest.generator;
  scope.waitUntil(warmBannerEngine());
  if (section !== undefined && generators.used)
    scope.waitUntil(generators.get(section).catch(() => undefined));
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
 * `creativeServicesFor(env)`: the isolate's services; `precondition_failed` when a var is invalid
 * (a deployment mistake that must be loud). `createCreativeServices(env)`: a new set bound to
 * that env object, for tests that need their own (edge/lib/isolate.ts).
 *
 * @example
 * const { manifests, generators } = creativeServicesFor(c.env);
 */
export const {
  servicesFor: creativeServicesFor,
  createServices: createCreativeServices,
}: IsolateServices<Env, CreativeServices> = isolateServices(CreativeWorkerVars, build);
