/**
 * The deployment files cannot be run here (no cluster; a Docker engine only where one answers),
 * so these tests parse them and check what a broken deploy would most likely get wrong. The
 * lint-style rules (hadolint / kubeconform have no Debian package) are in static-rules.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseDockerfile } from './dockerfile.ts';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('batch container (infra/container/batch.Dockerfile)', () => {
  const steps = parseDockerfile(read('infra/container/batch.Dockerfile'));

  it('runs on a CUDA base image with cuDNN, as tfjs-node-gpu needs', () => {
    const froms = steps.filter((s) => s.op === 'FROM');
    expect(froms.at(-1)?.args).toMatch(/^nvidia\/cuda:11\.2\.\d+-cudnn8-runtime/);
  });

  it('installs the locked dependencies and then the GPU build of libtensorflow', () => {
    const runs = steps.filter((s) => s.op === 'RUN').map((s) => s.args);
    const ci = runs.findIndex((r) => r.includes('npm ci'));
    expect(ci).toBeGreaterThanOrEqual(0);
    expect(runs[ci]).toMatch(/tfjs-node-gpu && npm run install/);
  });

  it('copies every source folder the CLI imports', () => {
    const copied = steps.filter((s) => s.op === 'COPY').map((s) => s.args.split(' ')[0]);
    for (const folder of ['shared', 'batch', 'data', 'package.json']) expect(copied).toContain(folder);
  });

  it('has the vitrine CLI as its entry point and forces the GPU backend', () => {
    const entry = steps.find((s) => s.op === 'ENTRYPOINT');
    expect(JSON.parse(entry?.args ?? '[]')).toEqual(['node', '--import', 'tsx', 'batch/bin/vitrine.ts']);
    expect(steps.find((s) => s.op === 'ENV')?.args).toMatch(/VITRINE_TF_BACKEND=tensorflow-gpu/);
    expect(readFileSync(new URL('batch/bin/vitrine.ts', root), 'utf8').length).toBeGreaterThan(0);
  });
});

describe('retraining CronJob (infra/k8s/retrain-cronjob.yaml)', () => {
  const doc = parse(read('infra/k8s/retrain-cronjob.yaml'));
  const pod = doc.spec.jobTemplate.spec.template.spec;
  const container = pod.containers[0];

  it('is a batch/v1 CronJob with a valid five-field schedule', () => {
    expect(doc.apiVersion).toBe('batch/v1');
    expect(doc.kind).toBe('CronJob');
    expect(doc.metadata.name).toMatch(/^[a-z0-9-]+$/);
    const fields = String(doc.spec.schedule).split(' ');
    expect(fields).toHaveLength(5);
  });

  it('never runs two retrains at once and does not restart a failed pod in place', () => {
    expect(doc.spec.concurrencyPolicy).toBe('Forbid');
    expect(['Never', 'OnFailure']).toContain(pod.restartPolicy);
    expect(doc.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(0);
  });

  it('asks for one GPU and tolerates the GPU taint', () => {
    expect(container.resources.limits['nvidia.com/gpu']).toBe(1);
    expect(pod.tolerations.some((t: { key: string }) => t.key === 'nvidia.com/gpu')).toBe(true);
  });

  it('trains with the catalogue published to its store (no --catalogue file that could go stale)', () => {
    expect(container.args).not.toContain('--catalogue');
    expect(container.args[container.args.indexOf('--store') + 1]).toMatch(/^s3:\/\//);
    expect(read('infra/k8s/retrain-cronjob.yaml')).toMatch(
      /vitrine catalogue import .* --store s3:\/\/vitrine/,
    );
  });

  it('runs the pipeline with storage credentials from a secret', () => {
    expect(container.args[0]).toBe('pipeline');
    expect(container.args).toContain('--store');
    expect(container.envFrom[0].secretRef.name).toBeTruthy();
  });
});
