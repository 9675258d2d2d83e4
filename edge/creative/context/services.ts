/**
 * The per-isolate singletons of the creative Worker, built once from the bindings and vars
 * (edge/lib's `isolateServices`): the bucket, the manifest provider (pointer → verified manifest,
 * stale-while-revalidate, last good copy in the colo cache) and the generator slot, whose
 * generators are clients of the generator Worker behind the `GENERATOR` service binding.
 */
import type { GeneratorSection } from '#shared/schemas/creatives';
import { CreativeWorkerVars } from '#shared/schemas/env';
import {
  type CreativeGenerator,
  defaultColoCache,
  GeneratorSlot,
  type IsolateServices,
  isolateServices,
  type LoadedManifest,
  type ManifestProvider,
  openManifests,
  R2Store,
  type RequestScope,
  type WebCache,
} from '../../lib/index.ts';
import { BrandKits } from '../brand/index.ts';
import { openRemoteGenerator, warmRemoteGenerator } from '../generator/index.ts';
import { ItemCards, PictureHosts } from '../items/index.ts';
import { warmBannerEngine } from '../render/index.ts';

export interface CreativeServices {
  config: CreativeWorkerVars;
  store: R2Store;
  manifests: ManifestProvider;
  generators: GeneratorSlot<CreativeGenerator>;
  /** The live brand kit, parsed once per kit blob. */
  kits: BrandKits;
  /** Item cards of per-item creatives, parsed once per shard blob. */
  cards: ItemCards;
  /** Where product pictures may be fetched from (`PICTURE_HOSTS`). */
  pictureHosts: PictureHosts;
  /** `caches.default` where the runtime has it. */
  colo: WebCache | undefined;
  /**
   * Called by a banner that will (or may) draw with the generator, before it reads anything:
   * the first time in this isolate, and only while no generator was asked for yet, it has the
   * generator Worker start onnxruntime in the background (`scope.waitUntil`), so a cold generator
   * isolate starts while this one reads its manifest, item and brand kit.
   */
  warmGenerator(scope: RequestScope): void;
}

/**
 * When a model goes live: starts the banner engine and draws a throwaway banner with it, so its
 * code is compiled (render/assets.ts), and — in an isolate that has
 * drawn with the previous generator — has the generator Worker build the new generator's session,
 * off the request path (cron refresh, or while the first request waits for its own reads). A
 * fresh isolate calls the generator Worker only when a banner needs a generated picture: product
 * photos and library banners never do, and a cold generator isolate (onnxruntime's wasm and
 * session) is the largest one-off cost of a generated banner (docs/benchmarks.md).
 */
function warm(
  generators: GeneratorSlot<CreativeGenerator>,
  loaded: LoadedManifest,
  scope: RequestScope,
): void {
  const section = loaded.manifest.generator;
  // After the current task: the request that loaded the manifest first sends its own generator
  // call, so the generator Worker works while this isolate draws the throwaway banner.
  scope.waitUntil(new Promise<void>((r) => setTimeout(r, 0)).then(warmBannerEngine));
  if (section !== undefined && generators.used)
    scope.waitUntil(generators.get(section).catch(() => undefined));
}

function build(config: CreativeWorkerVars, env: Env): CreativeServices {
  const store = new R2Store(env.BUCKET);
  const colo = defaultColoCache();
  const generators = new GeneratorSlot({
    open: (section: GeneratorSection) => openRemoteGenerator((env as Partial<Env>).GENERATOR, section),
  });
  const manifests = openManifests({
    origin: store,
    ttlSeconds: config.MANIFEST_TTL_SECONDS,
    colo,
    onUpdate: (loaded, scope) => warm(generators, loaded, scope),
  });
  let warmed = false;
  const warmGenerator = (scope: RequestScope) => {
    if (warmed || generators.used) return;
    warmed = true;
    scope.waitUntil(warmRemoteGenerator((env as Partial<Env>).GENERATOR));
  };
  return {
    config,
    store,
    manifests,
    generators,
    kits: new BrandKits(store),
    cards: new ItemCards(store),
    pictureHosts: new PictureHosts(config.PICTURE_HOSTS),
    colo,
    warmGenerator,
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
