/**
 * Per-stage measurement for `npm run bench:pipeline`: wall time, CPU time of the whole process
 * (main thread, worker threads and DuckDB's native threads: `process.cpuUsage`), the peak RSS seen
 * while the stage ran (sampled every 100 ms, plus at its end) and the process peak so far
 * (`maxRSS`, which never goes down), and which engine/backend did the work.
 */
import type { BlobInfo, BlobStore, PutOptions } from '#shared/storage';
import { peakMiB, type Row } from './mf-report.ts';

export interface StageOutcome<T> {
  value: T;
  backend: string;
  detail: string;
}

const MIB = 1024 * 1024;

/** Runs `fn` as stage `name`, appends its row to `rows` and prints it as a JSON line. */
export async function stage<T>(rows: Row[], name: string, fn: () => Promise<StageOutcome<T>>): Promise<T> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  try {
    const out = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    const used = process.cpuUsage(cpu);
    const row: Row = {
      stage: name,
      'wall s': Number(((performance.now() - wall) / 1000).toFixed(1)),
      'CPU s': Number(((used.user + used.system) / 1e6).toFixed(1)),
      'stage peak RSS MiB': Math.round(peak / MIB),
      'process peak MiB': peakMiB(),
      backend: out.backend,
      detail: out.detail,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
    return out.value;
  } finally {
    clearInterval(timer);
  }
}

/** A store that adds up the wall time spent in `put`, so "publish" can be told apart from "index". */
export class TimedStore implements BlobStore {
  putSeconds = 0;
  putBytes = 0;
  constructor(private readonly inner: BlobStore) {}
  get uri(): string {
    return this.inner.uri;
  }
  get(key: string): Promise<Uint8Array> {
    return this.inner.get(key);
  }
  async put(key: string, bytes: Uint8Array, options?: PutOptions): Promise<void> {
    const t = performance.now();
    try {
      await this.inner.put(key, bytes, options);
    } finally {
      this.putSeconds += (performance.now() - t) / 1000;
      this.putBytes += bytes.byteLength;
    }
  }
  head(key: string): Promise<BlobInfo> {
    return this.inner.head(key);
  }
  list(prefix?: string): Promise<BlobInfo[]> {
    return this.inner.list(prefix);
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
}

/** Load average over 1, 5 and 15 minutes, formatted. */
export async function loadAverage(): Promise<string> {
  const { loadavg } = await import('node:os');
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
}
