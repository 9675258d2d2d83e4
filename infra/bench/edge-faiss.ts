/**
 * The FAISS row of `bench:edge`: IndexIVFFlat (inner product, one thread, one query per call)
 * on the very vectors and queries of the run, with as many lists as the Worker's index, its own
 * training (FAISS's spherical k-means for IP), swept like the Worker to recall@10 0.99.
 * FAISS is Debian's python3-faiss (1.7.3, generic build): installed with apt-get when missing
 * and possible, else the row is skipped with a message saying why. The trained index is cached
 * beside the dump: at 1M rows and ~8000 lists one-core training did not finish in 10 minutes on
 * the reference BLAS (see hasOpenBlas), so
 * `/usr/bin/python3 infra/bench/faiss-ivf.py <dump> <rows> 64 <queries> <lists> 1 --build-only`
 * can run once, untimed, before the timed bench run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchDataset } from './edge-data.ts';

export interface FaissPoint {
  nprobe: number;
  recall: number;
  ms: number;
  scanned: number;
}

export interface FaissResult {
  version: string;
  nlist: number;
  buildSeconds: number;
  /** The index was loaded from the dump folder's cache (faiss-ivf.py); buildSeconds is from its build. */
  cached?: boolean;
  points: FaissPoint[];
}

/** Debian's interpreter: python3-faiss installs into its dist-packages, not a pyenv's. */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./faiss-ivf.py', import.meta.url));

const hasFaiss = () => spawnSync(PYTHON, ['-c', 'import faiss'], { stdio: 'ignore' }).status === 0;

/**
 * Whether an optimised BLAS backs Debian's libblas.so.3. python3-faiss pulls only the reference
 * BLAS, on which FAISS's k-means (sgemm) trained 100k rows into 632 lists in 41 s (one thread);
 * on OpenBLAS, the BLAS FAISS is meant to run on, 3.2 s with the same lists. Only the build uses
 * BLAS: single-query search (below FAISS's 20-query BLAS threshold) runs FAISS's own loops.
 */
const hasOpenBlas = () =>
  /libopenblas/.test(spawnSync('ldconfig', ['-p'], { encoding: 'utf8' }).stdout ?? '');

/** Makes `import faiss` work (with OpenBLAS where apt can install it), or returns why it cannot. */
export function ensureFaiss(log: (s: string) => void): string | null {
  const missing = [
    ...(hasFaiss() ? [] : ['python3-faiss']),
    ...(hasOpenBlas() ? [] : ['libopenblas0-pthread']),
  ];
  if (missing.length === 0) return null;
  log(`${missing.join(', ')} missing: apt-get install -y ${missing.join(' ')}…`);
  const apt = spawnSync('apt-get', ['install', '-y', ...missing], { stdio: 'ignore', timeout: 600_000 });
  if (hasFaiss()) {
    if (!hasOpenBlas())
      log('OpenBLAS could not be installed: FAISS trains on the reference BLAS (slow build)');
    return null;
  }
  if (apt.error !== undefined) return `apt-get is not available (${apt.error.message})`;
  if (apt.status !== 0)
    return `apt-get install ${missing.join(' ')} exited ${apt.status} (needs root and the Debian archive)`;
  return `${PYTHON} still cannot import faiss after installing python3-faiss`;
}

/**
 * Runs faiss-ivf.py on the dump of `ds` (see dumpDataset) with `nlist` lists.
 *
 * @example
 * const f = faissPeer(ds, 'var/bench-edge/100k/dump', 632, 3, console.error);
 */
export function faissPeer(
  ds: BenchDataset,
  dumpDir: string,
  nlist: number,
  passes: number,
  log: (s: string) => void,
): FaissResult | { skipped: string } {
  const missing = ensureFaiss(log);
  if (missing !== null) {
    log(`[${ds.name}] FAISS row skipped: ${missing}`);
    return { skipped: missing };
  }
  log(`[${ds.name}] FAISS IVFFlat-IP, ${nlist} lists: train, add, sweep…`);
  const args = [SCRIPT, dumpDir, ds.rows, ds.dim, ds.queries.rows, nlist, passes].map(String);
  const run = spawnSync(PYTHON, args, {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  if (run.status !== 0) {
    const why = `faiss-ivf.py exited ${run.status}: ${(run.stderr ?? '').slice(-500)}`;
    log(`[${ds.name}] FAISS row skipped: ${why}`);
    return { skipped: why };
  }
  const result = JSON.parse(run.stdout) as FaissResult;
  for (const p of result.points)
    log(
      `[${ds.name}] FAISS nprobe=${p.nprobe}: recall ${p.recall.toFixed(3)}, ${p.ms.toFixed(3)} ms/query, ${(100 * p.scanned).toFixed(2)} % scanned`,
    );
  return result;
}
