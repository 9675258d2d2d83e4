/**
 * Configuration of the recommend Worker: its `[vars]` in wrangler.toml (all strings there, so
 * every number is coerced). The Worker parses them once per isolate with this schema; this is
 * the one place each variable and its default are documented.
 */
import * as z from 'zod';

/** Both Workers read the manifest pointer through the same provider, with the same TTL var. */
const ManifestTtlSeconds = z.coerce
  .number()
  .int()
  .min(0)
  .max(86_400)
  .default(30)
  .describe('seconds the isolate trusts its cached manifests/current.json before re-reading it');

export const RecommendWorkerVars = z.object({
  MANIFEST_TTL_SECONDS: ManifestTtlSeconds,
  BLOB_ORIGIN: z
    .union([z.literal('r2'), z.url({ protocol: /^https?$/ })])
    .default('r2')
    .describe(
      '"r2" reads the BUCKET binding; an http(s) URL (a CDN or S3-compatible public bucket, ending in /) is fetched as <url><key>',
    ),
  SHARD_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(48 * 1024 * 1024)
    .describe('byte budget of the in-isolate LRU of decoded shards (isolates have 128 MB in all)'),
  EDGE_CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * 86_400)
    .describe('max-age of immutable blobs put into caches.default; 0 disables that layer'),
  SHARD_LOAD_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(30_000)
    .default(5_000)
    .describe(
      'bound of one blob load (waiting for a fetch slot, colo cache, origin, sha256 check); past it the load fails as unavailable',
    ),
  REQUEST_DEADLINE_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(30_000)
    .default(3_000)
    .describe(
      "time budget of a recommendation's model work; at the deadline it answers from what was loaded (fewer lists, or the fallback) with reason deadline_exceeded",
    ),
  ORIGIN_MAX_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(6)
    .describe(
      'blob loads an isolate runs on the network at once (Workers allow 6 open connections per request); the rest queue, best lists first',
    ),
});
export type RecommendWorkerVars = z.infer<typeof RecommendWorkerVars>;

/** Configuration of the creative Worker: its `[vars]` in infra/creative.wrangler.toml. */
/** One `PICTURE_HOSTS` entry: `cdn.shop.example`, `*.shop.example`, `127.0.0.1:8787`. */
const PICTURE_HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;

export const CreativeWorkerVars = z.object({
  MANIFEST_TTL_SECONDS: ManifestTtlSeconds,
  CREATIVE_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(31_536_000)
    .default(86_400)
    .describe(
      'Cache-Control max-age of on-demand creatives (browsers and caches.default); 0 disables the colo cache',
    ),
  PICTURE_HOSTS: z
    .string()
    .default('')
    .refine(
      (v) => v.split(/[\s,]+/).every((h) => h === '' || PICTURE_HOST.test(h)),
      'must list host names, `*.domain` wildcards or `host:port`, separated by commas',
    )
    .describe(
      'hosts that product pictures (item imageUrl) may be fetched from; empty: none (every item banner draws a generator variant)',
    ),
  // 250 ms: a warm generator Worker answers a cold creative isolate's first banner (session
  // call + generate + compose) in ~100–150 ms, a warm one in ~15 ms, while a cold generator Worker
  // needs ≥ 300 ms of onnxruntime start and session after its script has loaded (bench:creatives and
  // bench:creatives-cold in docs/benchmarks.md). So 250 ms waits out every warm generator with room
  // for load, and a cold creative isolate (~650–720 ms to its first answer without the generator)
  // plus 250 ms still answers within the 1 s cold budget.
  CREATIVE_GENERATOR_DEADLINE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(30_000)
    .default(250)
    .describe(
      'longest a category banner waits for the generator when an approved library creative of its size fits: past it the library creative answers (X-Vitrine-Fallback: generator_slow) and the generated banner still goes into the colo cache; 0: no deadline',
    ),
});
export type CreativeWorkerVars = z.infer<typeof CreativeWorkerVars>;

/**
 * The generator Worker's vars (infra/generator.wrangler.toml): it runs the manifest's ONNX
 * generator for the creative Worker, behind its `GENERATOR` service binding.
 */
export const GeneratorWorkerVars = z.object({
  GENERATOR_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(32 * 1024 * 1024)
    .describe('largest generator ONNX blob an isolate loads; a bigger one is treated as unusable'),
});
export type GeneratorWorkerVars = z.infer<typeof GeneratorWorkerVars>;

/** `scheme://host[:port]`, exactly as browsers send it in `Origin`. */
const Origin = z
  .string()
  .regex(/^https?:\/\/[^/\s?#]+$/, 'must be an origin such as https://shop.example (no path, no trailing /)');

/** Publishable key → the page origins allowed to use it. Keys are public (they ship in pages). */
export const PublishableKeys = z.record(
  z.string().regex(/^pk_\w{4,64}$/, 'must look like pk_ followed by 4–64 letters, digits or _'),
  z.array(Origin).min(1, 'must allow at least one origin'),
);
export type PublishableKeys = z.infer<typeof PublishableKeys>;

/**
 * Event ingestion settings of the recommend Worker (`POST /v1/events`): its `[vars]` in
 * wrangler.toml next to the Durable Object and rate-limit bindings.
 */
export const EventIngestVars = z.object({
  PUBLISHABLE_KEYS: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'must be a JSON object', input: text });
        return z.NEVER;
      }
    })
    .pipe(PublishableKeys)
    .describe('JSON object: publishable key → array of allowed page origins (CORS allowlist)'),
  EVENTS_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1 << 20)
    .default(128 * 1024)
    .describe('largest request body of POST /v1/events, in bytes (a full 500-event batch is ~110 KB)'),
  EVENTS_FLUSH_SECONDS: z.coerce
    .number()
    .min(0)
    .max(3600)
    .default(10)
    .describe('how long a buffer collects events before writing them to the bucket as one NDJSON object'),
  EVENTS_FLUSH_MAX_EVENTS: z.coerce
    .number()
    .int()
    .min(1)
    .default(10_000)
    .describe('a buffer holding this many events flushes at once instead of waiting'),
  EVENTS_BUFFER_SHARDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(8)
    .describe('Durable Object buffers events are spread over by hash of eventId (changing it resets dedupe)'),
  EVENTS_DEDUPE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(168)
    .describe('how long an eventId is remembered, so a retried event within this window is stored once'),
});
export type EventIngestVars = z.infer<typeof EventIngestVars>;

/**
 * Secrets of the recommend Worker (`wrangler secret put NAME`, `.dev.vars` locally; never in
 * wrangler.toml). Unset means the feature it guards refuses every request.
 */
export const AccessSecrets = z.object({
  ADMIN_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('bearer secret of the /v1/admin/* routes (compared in constant time)'),
  USER_TOKEN_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe(
      "HMAC-SHA256 key of signed user tokens, shared with the shop's backend; required by routes and events naming a userId",
    ),
});
export type AccessSecrets = z.infer<typeof AccessSecrets>;
