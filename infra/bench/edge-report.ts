/** Markdown for the `bench:edge` section of docs/benchmarks.md. */
import type { BundleSize } from './bundle.ts';
import type { BenchDataset } from './edge-data.ts';
import type { FaissResult } from './edge-faiss.ts';
import type { HttpResult } from './edge-http.ts';
import type { ExactResult, HnswResult } from './edge-peers.ts';
import { ratioTable } from './edge-ratios.ts';
import type { WorkerdResult } from './edge-workerd.ts';

export interface SizeResult {
  ds: BenchDataset;
  exact: ExactResult;
  workerd: WorkerdResult;
  faiss: FaissResult | { skipped: string } | null;
  hnsw: HnswResult | null;
  /** 1-minute load average when this size started and ended (2 cores shared by the team). */
  load: [number, number];
  http: HttpResult | null;
}

const f = (x: number, d = 2) => x.toFixed(d);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function searchTable(r: SizeResult): string {
  const { ds, exact, workerd, hnsw } = r;
  const rows = [
    '| engine | runs in | setting | recall@10 | ms/query from Node | in-isolate ms/query (pass loop) | items scanned |',
    '|---|---|---|---:|---:|---:|---:|',
  ];
  const c = workerd.chosen;
  if (c !== null) {
    rows.push(
      `| IVF (edge \`search()\`, f32 lists, ${workerd.kernel}) | workerd | nprobe ${c.nprobe} of ${workerd.lists} | ${f(c.recall, 3)} | ${f(c.wallMs, 3)} | **${f(c.loopMs, 4)}** | ${pct(c.scanned)} |`,
    );
  } else {
    rows.push(`| IVF (edge \`search()\`) | workerd | recall target not reached in the sweep | | | | |`);
  }
  const b = workerd.bruteForce;
  if (b !== null) {
    rows.push(
      `| brute force (same scan, every list) | workerd | nprobe ${workerd.lists} (all) | ${f(b.recall, 3)} | ${f(b.wallMs, 2)} | ${f(b.loopMs, 2)} | 100 % |`,
    );
  } else {
    rows.push(
      `| brute force (same scan, every list) | workerd | ${workerd.bruteForceError?.startsWith('not run') ? '' : 'failed: '}${workerd.bruteForceError ?? '?'} | | | | |`,
    );
  }
  rows.push(
    `| brute force (\`topK\`, shared kernel) | Node | exact | 1.000 | ${f(exact.msPerQuery, 2)} | | 100 % |`,
  );
  if (hnsw !== null) {
    const h = hnsw.chosen ?? hnsw.points[hnsw.points.length - 1];
    if (h !== undefined) {
      rows.push(
        `| hnswlib-node (HNSW, ip) | Node (native) | M ${hnsw.m}, efC ${hnsw.efConstruction}, ef ${h.ef}; build ${f(hnsw.buildSeconds, 0)} s | ${f(h.recall, 3)} | ${f(h.ms, 3)} | | |`,
      );
    }
  }
  const sweep = workerd.points
    .map((p) => `nprobe ${p.nprobe}: ${f(p.recall, 3)} @ ${f(p.loopMs, 4)} ms, ${f(100 * p.scanned, 2)} %`)
    .join(' · ');
  const built = ds.buildSeconds === null ? 'reused from var/' : `${f(ds.buildSeconds, 0)} s`;
  return [
    `### ${ds.name} (${ds.queries.rows} queries, k = 10)`,
    '',
    `Index: ${workerd.lists} IVF lists (batch \`buildIndex\`, ~${Math.round(ds.rows / workerd.lists)} items per list), build + publish ${built}. Load average (1 min) ${f(r.load[0], 1)} at the start, ${f(r.load[1], 1)} at the end.`,
    '',
    ...rows,
    '',
    ratioTable(workerd, r.faiss),
    `workerd nprobe sweep (recall@10 @ ms/query, rows scanned as counted by the search): ${sweep}.`,
    '',
  ].join('\n');
}

function httpSection(h: HttpResult, name: string): string {
  const row = (label: string, r: HttpResult['trivial']) =>
    `| ${label} | ${f(r.rps, 0)} | ${f(r.p50Ms)} | ${f(r.p90Ms)} | ${f(r.p99Ms)} | ${r.requests} | ${r.errors + r.non200} |`;
  return [
    `### HTTP under load (${name}, recommend Worker in \`wrangler dev\`, ${h.concurrency} concurrent keep-alive clients, ${f(h.recommendations.seconds, 0)} s per route)`,
    '',
    '| route | req/s | p50 ms | p90 ms | p99 ms | requests | errors/non-200 |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row('`GET /v1/users/:id/recommendations?k=10` (random user of 5000)', h.recommendations),
    row('`GET /v1/health` (trivial route, same Worker)', h.trivial),
    '',
    `Cold isolate: first request (recommendations; module start, manifest, centroids, user shard and lists fetched and verified from the origin) **${f(h.cold.firstRequestMs, 0)} ms** (${h.cold.firstStatus}, ${h.cold.firstStrategy}); the same request again ${f(h.cold.secondRequestMs, 1)} ms; another user ${f(h.cold.otherUserMs, 1)} ms. Server-Timing of the first: \`${h.cold.serverTiming}\`.`,
    '',
  ].join('\n');
}

function bundleSection(sizes: BundleSize[]): string {
  return [
    '### Bundle of the recommend Worker (`wrangler deploy --dry-run --outdir var/bundle`)',
    '',
    '| variant | entry module raw KiB | entry module gzip -9 KiB | wrangler upload gzip KiB (all modules) | budget |',
    '|---|---:|---:|---:|---|',
    ...sizes.map(
      (s) =>
        `| ${s.variant} | ${f(s.rawKiB, 1)} | ${f(s.gzipKiB, 1)} | ${s.wranglerGzipKiB ?? 'n/a'} | ${(s.wranglerGzipKiB ?? s.gzipKiB) < 100 ? 'under 100 KiB ✓' : 'OVER 100 KiB'} |`,
    ),
    '',
  ].join('\n');
}

const READING =
  "Reading: IVF is the only one of these that fits the edge. A query touches `nprobe` lists of a few hundred KB that the isolate fetches, verifies once and keeps in its byte-bounded LRU; HNSW needs the whole graph (vectors plus links) in one process and cannot be split into independently cached shards, and brute force over 1M f32 vectors needs 256 MB, twice the 128 MB isolate limit (local workerd does not enforce that limit, which is the only reason the 1M brute-force row exists). hnswlib-node is native C++; per scanned item the JS scan in workerd and Node's brute force are in the same range (compare the two brute-force rows).";

/**
 * The whole section.
 *
 * @example
 * await writeSection('edge', renderEdge(results, http, sizes, args));
 */
export function renderEdge(results: SizeResult[], sizes: BundleSize[], command: string): string {
  const http = results.find((r) => r.http !== null);
  return [
    '## Edge recommendations: search in workerd vs brute force vs hnswlib, HTTP, cold start, bundle',
    '',
    `Command: \`${command}\` · date ${new Date().toISOString().slice(0, 10)} · machine: 2 cores, no GPU, Node 20.20.2, workerd from wrangler 4.86 — the machine is shared: each size below states its load average (1 min) at start and end; compare rows within one run.`,
    '',
    'Data: seeded clustered vectors (`clusteredVectors`: one cluster per 200 items, noise 0.6 of the centre norm, log-normal norms; the `bench:index` mixture), 64 dims, queries drawn independently from the same mixture; exact truth = Node brute force. The index is built and published by the batch code (`buildIndex` + `publish`, f32 lists, default shard budget) and served to workerd from a local HTTP origin (`BLOB_ORIGIN`). workerd times are measured inside the isolate around `search()` (route + scan + merge over warm, already verified shards: a warm-up request precedes each timed one). "ms/query" is the wall time of the timed request (3 passes over the queries) seen from Node divided by the number of searches (one HTTP round trip amortised over all of them); "items scanned" counts the rows of the lists each search actually scanned; "in-isolate" sums `performance.now()` around each `search()`, which local workerd advances in coarse 1 ms steps, so it only agrees on average. `--dump` writes the vectors, queries, ids and exact top-10 as raw f32/JSON under `var/bench-edge/<size>/dump/`.',
    '',
    ...results.map(searchTable),
    READING,
    '',
    http?.http ? httpSection(http.http, http.ds.name) : '',
    bundleSection(sizes),
  ].join('\n');
}
