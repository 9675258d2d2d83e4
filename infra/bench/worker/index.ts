/**
 * The `bench:edge` Worker: runs the recommend Worker's own search path (`servicesFor` → shard
 * store → `search()`) on query vectors sent by the Node driver, inside workerd, and reports
 * per-query times measured there. Not deployed; `infra/bench/edge.ts` starts it with
 * `wrangler dev -c infra/bench/worker/wrangler.toml` and a BLOB_ORIGIN var.
 *
 * POST /bench/search  { queries: base64 f32 (n × dim), k, nprobe, passes }
 *   → { ms: number[] (last pass, per query), loopMs (all passes, per query), ids: string[][],
 *       probed: number[], scanned: number[] (rows in the lists scanned, counted by the search),
 *       kernel: 'wasm-simd' | 'js' }
 * `passes` > 1 runs the same queries again so the timed pass hits warm shards (compute only).
 * `loopMs` is the time of the loops over the queries, read once per pass: local workerd's clock
 * moves in 1 ms steps, too coarse for one search, exact enough for a pass of hundreds; it leaves
 * out what the HTTP request around them costs (body, base64, JSON), as FAISS's per-query time
 * leaves out its Python script's I/O.
 */

import { scanKernel } from '#shared/search';
import { servicesFor } from '../../../edge/src/context/index.ts';
import { RecommendTiming } from '../../../edge/src/observability/timing.ts';
import { search } from '../../../edge/src/scoring/index.ts';

interface SearchRequest {
  queries: string;
  k: number;
  nprobe: number;
  passes: number;
}

function decodeQueries(b64: string, dim: number): Float32Array[] {
  const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const all = new Float32Array(raw.buffer, 0, raw.length / 4);
  const out: Float32Array[] = [];
  for (let i = 0; i < all.length; i += dim) out.push(all.subarray(i, i + dim));
  return out;
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== '/bench/search' || request.method !== 'POST')
      return new Response('not found', { status: 404 });
    const body = (await request.json()) as SearchRequest;
    const { manifests, store } = servicesFor(env);
    const state = await manifests.current(ctx);
    const manifest = state.loaded?.manifest;
    if (manifest === undefined) return Response.json({ error: state.degraded }, { status: 503 });
    const queries = decodeQueries(body.queries, manifest.model.dim);
    const filter = { exclude: new Set<string>(), availableOnly: false };
    const deps = { index: manifest.items.index, store, scope: ctx, timing: new RecommendTiming() };
    let ms: number[] = [];
    let ids: string[][] = [];
    let probed: number[] = [];
    let scanned: number[] = [];
    let loop = 0;
    const passes = Math.max(1, body.passes);
    for (let pass = 0; pass < passes; pass++) {
      const started = performance.now();
      ms = [];
      ids = [];
      probed = [];
      scanned = [];
      for (const q of queries) {
        const t0 = performance.now();
        const out = await search(q, { k: body.k, nprobe: body.nprobe }, filter, deps);
        ms.push(performance.now() - t0);
        ids.push(out.hits.map((h) => h.itemId));
        probed.push(out.probed);
        scanned.push(out.scanned);
      }
      loop += performance.now() - started;
    }
    const loopMs = loop / (passes * queries.length);
    return Response.json({
      ms,
      loopMs,
      ids,
      probed,
      scanned,
      kernel: scanKernel().kind,
      cache: store.stats(),
    });
  },
} satisfies ExportedHandler<Env>;
