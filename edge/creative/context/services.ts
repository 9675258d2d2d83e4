/**
 * The per-isolate singletons of the creative Worker, built once from the bindings and vars: the
 * bucket, the manifest provider (the recommend Worker's, reused: pointer → verified manifest,
 * stale-while-revalidate, last good copy in the colo cache) and the generator slot. Keyed by
 * the configuration, like the recommend Worker's, so a test with other vars gets its own set.
 */
import { CreativeWorkerVars, type GeneratorSection } from '#shared/schemas';
import type { RequestScope } from '../../src/context/scope.ts';
import { parseWorkerVars } from '../../src/context/vars.ts';
import { LastGoodManifest, type LoadedManifest, ManifestProvider } from '../../src/manifest/index.ts';
import { R2Store } from '../../src/storage/index.ts';
import { readVerified } from '../blobs/index.ts';
import { type ColoCache, defaultColoCache } from '../creatives/index.ts';
import { GeneratorSlot, openGenerator } from '../generator/index.ts';

export interface CreativeServices {
  config: CreativeWorkerVars;
  store: R2Store;
  manifests: ManifestProvider;
  generators: GeneratorSlot;
  /** `caches.default` where the runtime has it. */
  colo: ColoCache | undefined;
}

const byConfig = new Map<string, CreativeServices>();

/** Starts building the new model's session off the request path (cron refresh or first request). */
function warm(generators: GeneratorSlot, loaded: LoadedManifest, scope: RequestScope): void {
  const section = loaded.manifest.generator;
  if (section !== undefined) scope.waitUntil(generators.get(section).catch(() => undefined));
}

/**
 * The isolate's services for `env`; `precondition_failed` when a var is invalid (a deployment
 * mistake that must be loud).
 *
 * @example
 * const { manifests, generators } = creativeServicesFor(c.env);
 */
export function creativeServicesFor(env: Env): CreativeServices {
  const vars = {
    MANIFEST_TTL_SECONDS: env.MANIFEST_TTL_SECONDS,
    CREATIVE_MAX_AGE_SECONDS: env.CREATIVE_MAX_AGE_SECONDS,
    GENERATOR_MAX_BYTES: env.GENERATOR_MAX_BYTES,
  };
  const key = JSON.stringify(vars);
  const existing = byConfig.get(key);
  if (existing !== undefined) return existing;
  const config = parseWorkerVars(CreativeWorkerVars, vars);
  const store = new R2Store(env.BUCKET);
  const colo = defaultColoCache();
  const generators = new GeneratorSlot({
    open: async (section: GeneratorSection) =>
      openGenerator(await readVerified(store, section.onnx, config.GENERATOR_MAX_BYTES), section),
  });
  const manifests = new ManifestProvider({
    origin: store,
    ttlMs: config.MANIFEST_TTL_SECONDS * 1000,
    ...(colo === undefined ? {} : { lastGood: new LastGoodManifest(colo, 7 * 86_400) }),
    onUpdate: (loaded, scope) => warm(generators, loaded, scope),
  });
  const services: CreativeServices = { config, store, manifests, generators, colo };
  byConfig.set(key, services);
  return services;
}
