/**
 * Lint rules for the deployment files. hadolint and kubeconform have no Debian package (checked
 * with apt-cache), so the rules that matter here are written out: the hadolint checks a broken
 * image would fail, a strict schema of the CronJob fields we use (a misspelt key is an error, as
 * kubeconform's strict mode makes it), and the cross-file facts no linter sees (the uid the
 * image creates is the uid the pod runs as). Where an engine answers, the image is also built
 * and started (infra/container/smoke.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as z from 'zod';
import { parseArgs } from '../../../batch/src/cli/flags.ts';
import { flagSpecs } from '../../../batch/src/cli/schema-flags.ts';
import { findEngine, smokeTestImage } from '../../../infra/container/smoke.ts';
import { parseDockerfile } from './dockerfile.ts';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const steps = parseDockerfile(read('infra/container/batch.Dockerfile'));
const finalStage = Math.max(...steps.map((s) => s.stage));
const final = steps.filter((s) => s.stage === finalStage);
const runs = steps.filter((s) => s.op === 'RUN').map((s) => s.args);
const cronJob = parse(read('infra/k8s/retrain-cronjob.yaml'));

/** Images whose base already has this user (the official node images ship `node`, uid 1000). */
const BASE_USERS: [RegExp, string][] = [[/^node:/, 'node']];

describe('Dockerfile rules (hadolint DL3000–DL3025 and friends)', () => {
  it('pins every base image to a tag other than latest (DL3006, DL3007)', () => {
    for (const from of steps.filter((s) => s.op === 'FROM')) {
      const image = from.args.split(/\s+/)[0] as string;
      expect(image, from.args).toMatch(/:[\w.-]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it('installs apt packages without recommends, answering yes, and removes the lists in the same RUN (DL3009, DL3015)', () => {
    const apt = runs.filter((r) => /apt-get install/.test(r));
    expect(apt.length).toBeGreaterThan(0);
    for (const r of apt) {
      expect(r).toMatch(/apt-get install -y --no-install-recommends/);
      expect(r).toMatch(/rm -rf \/var\/lib\/apt\/lists/);
    }
  });

  it('uses an absolute WORKDIR and JSON-form ENTRYPOINT/CMD (DL3000, DL3025)', () => {
    for (const w of steps.filter((s) => s.op === 'WORKDIR')) expect(w.args).toMatch(/^\//);
    for (const e of steps.filter((s) => s.op === 'ENTRYPOINT' || s.op === 'CMD'))
      expect(() => JSON.parse(e.args)).not.toThrow();
  });

  it('copies only paths that exist in the repository', () => {
    for (const c of steps.filter((s) => s.op === 'COPY' && !s.args.startsWith('--from'))) {
      const sources = c.args.split(/\s+/).slice(0, -1);
      for (const source of sources) expect(existsSync(new URL(source, root)), source).toBe(true);
    }
  });

  it('runs as a non-root user that the final stage creates (or its base image has)', () => {
    const user = final.filter((s) => s.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const base = final[0]?.args ?? '';
    const fromBase = BASE_USERS.some(([image, name]) => image.test(base) && name === user);
    const created = final.some(
      (s) => s.op === 'RUN' && new RegExp(`(useradd|adduser)\\b[^&;]*\\s${user}(\\s|$)`).test(s.args),
    );
    expect(fromBase || created, `USER ${user} on ${base}: no useradd/adduser in the final stage`).toBe(true);
  });

  it('creates that user with the uid the CronJob runs as', () => {
    const create = final.find((s) => s.op === 'RUN' && /useradd/.test(s.args))?.args ?? '';
    const uid = Number(/--uid (\d+)/.exec(create)?.[1]);
    expect(uid).toBe(cronJob.spec.jobTemplate.spec.template.spec.securityContext.runAsUser);
  });
});

/** The batch/v1 CronJob fields this repository uses; `.strict()` turns a misspelt key into an error. */
const Quantity = z.union([z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/), z.number().int().positive()]);
const Labels = z.record(z.string().regex(/^[\w./-]+$/), z.string());
const Container = z
  .object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    image: z.string().min(1),
    args: z.array(z.string()),
    envFrom: z.array(z.object({ secretRef: z.object({ name: z.string().min(1) }).strict() }).strict()),
    env: z.array(z.object({ name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/), value: z.string() }).strict()),
    resources: z
      .object({ requests: z.record(z.string(), Quantity), limits: z.record(z.string(), Quantity) })
      .strict(),
  })
  .strict();
const PodSpec = z
  .object({
    restartPolicy: z.enum(['Never', 'OnFailure']),
    securityContext: z
      .object({
        runAsNonRoot: z.literal(true),
        runAsUser: z.number().int().positive(),
        runAsGroup: z.number().int().positive(),
      })
      .strict(),
    nodeSelector: Labels,
    tolerations: z.array(
      z.object({ key: z.string(), operator: z.enum(['Exists', 'Equal']), effect: z.string() }).strict(),
    ),
    containers: z.array(Container).length(1),
  })
  .strict();
const CronJob = z
  .object({
    apiVersion: z.literal('batch/v1'),
    kind: z.literal('CronJob'),
    metadata: z.object({ name: z.string().regex(/^[a-z0-9-]{1,52}$/), labels: Labels }).strict(),
    spec: z
      .object({
        schedule: z.string().regex(/^(\S+\s){4}\S+$/),
        timeZone: z.string(),
        concurrencyPolicy: z.literal('Forbid'),
        startingDeadlineSeconds: z.number().int().positive(),
        successfulJobsHistoryLimit: z.number().int().nonnegative(),
        failedJobsHistoryLimit: z.number().int().nonnegative(),
        jobTemplate: z
          .object({
            spec: z
              .object({
                backoffLimit: z.number().int().nonnegative(),
                activeDeadlineSeconds: z.number().int().positive(),
                template: z
                  .object({ metadata: z.object({ labels: Labels }).strict(), spec: PodSpec })
                  .strict(),
              })
              .strict(),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

describe('CronJob rules (kubeconform-style strict schema)', () => {
  it('matches the strict schema of the fields it uses', () => {
    const parsed = CronJob.safeParse(cronJob);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(
      [],
    );
  });

  it('passes only flags the pipeline knows, with event retention set', async () => {
    const { PipelineOptions } = await import('../../../batch/src/cli/commands/pipeline.ts');
    const args: string[] = cronJob.spec.jobTemplate.spec.template.spec.containers[0].args;
    expect(args[0]).toBe('pipeline');
    // The CLI's own parser: an unknown flag (or a nested one it cannot resolve) throws.
    expect(() => parseArgs(args.slice(1), flagSpecs(PipelineOptions))).not.toThrow();
    const days = Number(args[args.indexOf('--retain-days') + 1]);
    expect(Number.isInteger(days) && days > 0).toBe(true);
  });
});

// Builds and starts the image where a container engine answers. Not a skipped test: where there
// is none, the suite is not declared at all and the reason is logged.
const engine = findEngine();
if ('reason' in engine) {
  console.info(`container smoke test not run here: no container engine answers (${engine.reason})`);
} else {
  describe(`batch container smoke test (${engine.command})`, () => {
    it('builds, answers --help and runs as uid 1000', { timeout: 3_900_000 }, () => {
      const { ok, lines } = smokeTestImage(engine);
      expect(ok, lines.join('\n')).toBe(true);
    });
  });
}
