/**
 * Container smoke test: builds infra/container/batch.Dockerfile with the local engine (docker or
 * podman) and checks that the image starts the CLI (`--help` exits 0) as the unprivileged user
 * the CronJob expects (uid 1000). Run by tests/batch/infra/deploy-files.test.ts when an engine
 * answers, or by hand: `npx tsx infra/container/smoke.ts`.
 *
 * The build pulls the CUDA base image and libtensorflow (several GB): it needs network access
 * and minutes, which is why it runs only where an engine is reachable.
 */
import { spawnSync } from 'node:child_process';

export interface Engine {
  command: 'docker' | 'podman';
}

/**
 * The first container engine whose daemon answers, or the reason there is none.
 *
 * @example
 * const found = findEngine(); if ('reason' in found) console.info(found.reason);
 */
export function findEngine(): Engine | { reason: string } {
  const reasons: string[] = [];
  for (const command of ['docker', 'podman'] as const) {
    const probe = spawnSync(command, ['info'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.error) reasons.push(`${command}: not installed`);
    else if (probe.status !== 0)
      reasons.push(
        `${command}: ${(probe.stderr || probe.stdout).trim().split('\n').at(-1) ?? 'info failed'}`,
      );
    else return { command };
  }
  return { reason: reasons.join('; ') };
}

export interface SmokeResult {
  ok: boolean;
  lines: string[];
}

/**
 * Builds the image and checks it; never throws (failures are in `lines`).
 *
 * @example
 * const { ok, lines } = smokeTestImage({ command: 'docker' });
 */
export function smokeTestImage(engine: Engine, tag = 'vitrine-batch:smoke'): SmokeResult {
  const lines: string[] = [];
  const run = (args: string[], timeout: number) => {
    const r = spawnSync(engine.command, args, { encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
    return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  };
  const build = run(['build', '-f', 'infra/container/batch.Dockerfile', '-t', tag, '.'], 3_600_000);
  if (build.status !== 0) return { ok: false, lines: [`build failed:\n${build.out.slice(-4000)}`] };
  lines.push('build: ok');
  const help = run(['run', '--rm', tag, '--help'], 300_000);
  const helpOk = help.status === 0 && /Usage: vitrine/.test(help.out);
  lines.push(`vitrine --help: ${helpOk ? 'ok' : `FAILED (exit ${help.status})\n${help.out.slice(-2000)}`}`);
  const id = run(['run', '--rm', '--entrypoint', 'id', tag, '-u'], 120_000);
  const idOk = id.status === 0 && id.out.trim() === '1000';
  lines.push(`runs as uid 1000: ${idOk ? 'ok' : `FAILED (${id.out.trim()})`}`);
  return { ok: helpOk && idOk, lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const engine = findEngine();
  if ('reason' in engine) {
    process.stdout.write(`container smoke test not run: no container engine answers (${engine.reason})\n`);
  } else {
    const { ok, lines } = smokeTestImage(engine);
    for (const line of lines) process.stdout.write(`${line}\n`);
    process.exitCode = ok ? 0 : 1;
  }
}
