/**
 * `npm run bench:edge`: how fast the recommend Worker answers.
 *
 *   npm run bench:edge                          100k and 1M × 64, HTTP on 100k, bundle size
 *   npm run bench:edge -- --sizes 100k          one size
 *   … --dump                                    write vectors/queries as raw f32 under var/bench-edge/ (always when FAISS runs)
 *   … --skip-hnsw --skip-faiss --skip-http --no-write-docs   leave parts out / print only
 *   … --queries 200 --concurrency 8 --http-seconds 10
 *
 * Writes its section of docs/benchmarks.md (bench:edge markers). Details of each measurement:
 * edge-workerd.ts (per-query compute in workerd), edge-peers.ts (Node brute force, hnswlib),
 * edge-faiss.ts (FAISS IVFFlat-IP on the same vectors: the yardstick), edge-http.ts (cold
 * isolate, load test), bundle.ts (dry-run deploy size).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSection } from '../../batch/bench/docs-section.ts';
import { serveDirectory } from '../local/static-server.ts';
import { bundleSizes } from './bundle.ts';
import { benchDataset, dumpDataset, parseSize } from './edge-data.ts';
import { faissPeer } from './edge-faiss.ts';
import { measureHttp } from './edge-http.ts';
import { exactTopK, hnswPeer } from './edge-peers.ts';
import { renderEdge, type SizeResult } from './edge-report.ts';
import { measureInWorkerd, PASSES } from './edge-workerd.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100k,1m' },
    queries: { type: 'string', default: '200' },
    dump: { type: 'boolean', default: false },
    'skip-hnsw': { type: 'boolean', default: false },
    'skip-faiss': { type: 'boolean', default: false },
    'skip-http': { type: 'boolean', default: false },
    'no-write-docs': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '8' },
    'http-seconds': { type: 'string', default: '10' },
    port: { type: 'string', default: '8790' },
  },
});

const log = (s: string) => process.stderr.write(`${s}\n`);
const TARGET = 0.95;

async function main(): Promise<void> {
  const sizes = (values.sizes ?? '').split(',').filter(Boolean);
  const queries = Number(values.queries);
  const port = Number(values.port);
  const results: SizeResult[] = [];
  for (const [n, size] of sizes.entries()) {
    const load0 = loadavg()[0] as number;
    const dir = join('var', 'bench-edge', size.toLowerCase());
    const ds = await benchDataset(parseSize(size), queries, dir, log);
    log(`[${ds.name}] exact top-10 in Node…`);
    const exact = exactTopK(ds, 10);
    log(`[${ds.name}] Node brute force ${exact.msPerQuery.toFixed(2)} ms/query`);
    const dumpDir = join(dir, 'dump');
    if (values.dump || !values['skip-faiss'])
      log(`[${ds.name}] dumped ${(await dumpDataset(ds, exact.truth, dumpDir)).join(', ')}`);
    const server = await serveDirectory(ds.store.root);
    try {
      const workerd = await measureInWorkerd(ds, dir, exact.truth, TARGET, port, log);
      const faiss = values['skip-faiss'] ? null : faissPeer(ds, dumpDir, workerd.lists, PASSES, log);
      const hnsw = values['skip-hnsw'] ? null : hnswPeer(ds, exact.truth, 10, TARGET, log);
      if (hnsw?.chosen)
        log(
          `[${ds.name}] hnswlib ef=${hnsw.chosen.ef}: recall ${hnsw.chosen.recall.toFixed(3)}, ${hnsw.chosen.ms.toFixed(3)} ms/query`,
        );
      const http =
        n === 0 && !values['skip-http']
          ? await measureHttp(
              ds,
              server.url,
              {
                port: port + 1,
                concurrency: Number(values.concurrency),
                seconds: Number(values['http-seconds']),
              },
              log,
            )
          : null;
      results.push({ ds, exact, workerd, faiss, hnsw, http, load: [load0, loadavg()[0] as number] });
    } finally {
      await server.close();
    }
  }
  log('bundle size (dry-run deploy)…');
  const bundle = await bundleSizes('wrangler.toml');
  for (const b of bundle)
    log(`bundle ${b.variant}: ${b.rawKiB.toFixed(1)} KiB raw, ${b.gzipKiB.toFixed(1)} KiB gzip`);
  const command = `npm run bench:edge${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const markdown = renderEdge(results, bundle, command);
  process.stdout.write(`${markdown}\n`);
  if (!values['no-write-docs']) {
    await writeSection('edge', markdown);
    log('updated docs/benchmarks.md (bench:edge section)');
  }
}

main().catch((error: unknown) => {
  log(`bench:edge failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
