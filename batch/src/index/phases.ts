/**
 * Wall and CPU time per stage of the index build, so a slow build says where its time went
 * (`IndexStats.phases`, printed by `npm run bench:index:build`). CPU is the whole process's
 * (`process.cpuUsage`, worker threads included): on a shared machine wall time is what other
 * processes leave over, CPU seconds what the stage itself costs.
 */

export interface PhaseTiming {
  phase: string;
  seconds: number;
  cpuSeconds: number;
}

/**
 * Times consecutive phases: `end(name)` closes the phase that began at the previous `end` (or
 * at construction).
 *
 * @example
 * const clock = new PhaseClock();
 * await buildIvf(…); clock.end('kmeans');
 * clock.phases; // [{ phase: 'kmeans', seconds: 14.1, cpuSeconds: 24.0 }]
 */
export class PhaseClock {
  readonly phases: PhaseTiming[] = [];
  private wall = performance.now();
  private cpu = process.cpuUsage();

  end(phase: string): void {
    const now = performance.now();
    const used = process.cpuUsage(this.cpu);
    this.phases.push({
      phase,
      seconds: (now - this.wall) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
    });
    this.wall = now;
    this.cpu = process.cpuUsage();
  }
}
