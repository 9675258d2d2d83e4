/**
 * Bounded concurrency for the build's blob writes. Every blob put waits on sha256 and on the
 * store (a file create + fsync on file://, a round trip on S3); one at a time, 18k puts at 1M
 * items spent most of their time waiting. A few puts in flight overlap those waits while memory
 * stays bounded (at most `limit` lists' encoded blobs are alive at once).
 */

/** Puts in flight while the index build writes blobs (enough to keep the store busy). */
export const WRITE_CONCURRENCY = 16;

/**
 * Runs async tasks with at most `limit` in flight. `run` resolves once the task has started (so
 * a loop that awaits it waits for a free slot); `drain` waits for all and rethrows the first
 * failure. After a failure no new task starts.
 *
 * @example
 * const writes = new InFlight(16);
 * for (const blob of blobs) await writes.run(async () => refs.push(await sink(blob)));
 * await writes.drain();
 */
export class InFlight {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be an integer ≥ 1, got ${limit}`);
  }

  async run(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
    const p: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
  }
}
