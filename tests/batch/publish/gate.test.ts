import { describe, expect, it } from 'vitest';
import type { Manifest } from '#shared/schemas';
import { checkGate } from '../../../batch/src/publish/gate.ts';

const live = { version: 'v7', model: { metrics: { 'ndcg@10': 0.41 } } } as unknown as Manifest;
const gate = (candidate: number, extra: { force?: boolean; margin?: number } = {}) =>
  checkGate({
    metric: 'ndcg@10',
    margin: extra.margin ?? 0.02,
    candidate: { 'ndcg@10': candidate },
    live,
    force: extra.force,
  });

describe('quality gate', () => {
  it('refuses a model worse than the live one by more than the margin, naming both numbers', () => {
    const d = gate(0.3);
    expect(d.passed).toBe(false);
    expect(d.forced).toBe(false);
    expect(d.message).toContain('0.3000');
    expect(d.message).toContain('0.4100');
    expect(d.message).toContain('v7');
  });

  it('passes a model within the margin or better', () => {
    expect(gate(0.395).passed).toBe(true);
    expect(gate(0.5).passed).toBe(true);
    expect(gate(0.38, { margin: 0.05 }).passed).toBe(true);
  });

  it('lets --force publish a refused model and says so', () => {
    const d = gate(0.1, { force: true });
    expect(d).toMatchObject({ passed: false, forced: true });
    expect(d.message).toMatch(/--force/);
  });

  it('passes when nothing is live or the live model lacks the metric', () => {
    expect(
      checkGate({ metric: 'ndcg@10', margin: 0, candidate: { 'ndcg@10': 0.01 }, live: null }).passed,
    ).toBe(true);
    const old = { version: 'v1', model: { metrics: {} } } as unknown as Manifest;
    expect(
      checkGate({ metric: 'ndcg@10', margin: 0, candidate: { 'ndcg@10': 0.01 }, live: old }).passed,
    ).toBe(true);
  });

  it('refuses a candidate without the gate metric', () => {
    const d = checkGate({ metric: 'ndcg@10', margin: 0.02, candidate: { 'map@10': 0.2 }, live });
    expect(d.passed).toBe(false);
    expect(d.message).toMatch(/no finite ndcg@10/);
  });
});

describe('quality gate against the popularity baseline', () => {
  const decide = (candidate: number, baseline: number, withLive: boolean) =>
    checkGate({
      metric: 'ndcg@10',
      margin: 0.02,
      candidate: { 'ndcg@10': candidate },
      baseline: { 'ndcg@10': baseline },
      live: withLive ? live : null,
    });

  it('refuses a model below popularity on the same split, with or without a live model', () => {
    expect(decide(0.2, 0.25, false)).toMatchObject({ passed: false, baseline: 0.25 });
    expect(decide(0.2, 0.25, false).message).toMatch(/below the popularity baseline 0\.2500/);
    // Within the live margin but below popularity: still refused.
    expect(decide(0.4, 0.45, true).passed).toBe(false);
  });

  it('passes a model at or above popularity', () => {
    expect(decide(0.25, 0.25, false).passed).toBe(true);
    expect(decide(0.42, 0.3, true).passed).toBe(true);
  });
});
