/**
 * The manifest lifecycle in one isolate: no model yet (fallback, `no_model`), the cron trigger
 * picking up a published model, a corrupt new manifest (keep serving the last good one,
 * `manifest_stale`), the pointer flipping to a new version, and an unreachable origin.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import { putLiveBytes } from '../support/live-manifest.ts';
import {
  type Answer,
  call,
  callWith,
  fixture,
  fixtureBytes,
  ids,
  publishToBucket,
  runCron,
} from './support/fixture.ts';

interface Health {
  status: string;
  modelVersion: string | null;
  manifestAgeSeconds: number | null;
  cache: { entries: number; bytes: number; hits: number; misses: number };
  degraded?: { reason: string };
}

const userUrl = () => `/v1/users/${fixture.users[0]!.userId}/recommendations?nprobe=${fixture.lists}`;

const putPointer = (version: string, manifestBytes: Uint8Array, sha256?: string) =>
  putLiveBytes(env.BUCKET, version, manifestBytes, sha256);

describe('manifest lifecycle', () => {
  it('answers 200 with an empty fallback and no_model while the bucket is empty', async () => {
    const { status, body } = await call<Answer>(userUrl());
    expect(status).toBe(200);
    expect(body).toMatchObject({ modelVersion: null, strategy: 'popular_fallback', items: [] });
    expect(body.degraded?.reason).toBe('no_model');
    const health = await call<Health>('/v1/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', modelVersion: null, manifestAgeSeconds: null });
  });

  it('picks up a published model on the next cron run', async () => {
    await publishToBucket();
    await runCron();
    const { body } = await call<Answer>(userUrl());
    expect(body.modelVersion).toBe(fixture.version);
    expect(body.degraded).toBeUndefined();
    expect(ids(body)).toEqual(fixture.users[0]!.exact);
    const health = await call<Health>('/v1/health');
    expect(health.body).toMatchObject({ status: 'ok', modelVersion: fixture.version });
    expect(health.body.manifestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(health.body.cache.entries).toBeGreaterThan(0);
  });

  it('keeps serving the last good model, marked manifest_stale, when the new manifest is corrupt', async () => {
    const good = await fixtureBytes(`manifests/${fixture.version}.json`);
    const broken = good.slice(0, good.length - 10);
    await putPointer('broken-2', broken, await sha256Hex(good));
    await expect(runCron()).rejects.toThrow(/manifest refresh failed/);
    const { status, body } = await call<Answer>(userUrl());
    expect(status).toBe(200);
    expect(body.modelVersion).toBe(fixture.version);
    expect(body.strategy).toBe('user_vector');
    expect(body.degraded?.reason).toBe('manifest_stale');
    expect(ids(body)).toEqual(fixture.users[0]!.exact);
    expect((await call<Health>('/v1/health')).body.status).toBe('degraded');
  });

  it('a fresh isolate uses the colo copy of the last good manifest while the pointer is broken', async () => {
    const { status, body } = await callWith<Answer>({}, userUrl());
    expect(status).toBe(200);
    expect(body.modelVersion).toBe(fixture.version);
    expect(body.degraded?.reason).toBe('manifest_stale');
    expect(ids(body)).toEqual(fixture.users[0]!.exact);
  });

  it('switches to a new version when the pointer flips, and clears the degradation', async () => {
    const good = JSON.parse(
      new TextDecoder().decode(await fixtureBytes(`manifests/${fixture.version}.json`)),
    );
    await putPointer(
      'fixture-2',
      new TextEncoder().encode(JSON.stringify({ ...good, version: 'fixture-2' })),
    );
    await runCron();
    const { body } = await call<Answer>(userUrl());
    expect(body.modelVersion).toBe('fixture-2');
    expect(body.degraded).toBeUndefined();
    expect(ids(body)).toEqual(fixture.users[0]!.exact);
  });

  it('answers 200 no_model when the blob origin cannot be reached at all', async () => {
    const { status, body } = await callWith<Answer>(
      { BLOB_ORIGIN: 'http://127.0.0.1:9/', EDGE_CACHE_TTL_SECONDS: '0' },
      userUrl(),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ modelVersion: null, strategy: 'popular_fallback', items: [] });
    expect(body.degraded?.reason).toBe('no_model');
  });

  it('serves the same answers from an HTTP origin (CDN-hosted bucket)', async () => {
    const vars = { BLOB_ORIGIN: fixture.origin };
    for (const user of fixture.users.slice(0, 5)) {
      const { body } = await callWith<Answer>(
        vars,
        `/v1/users/${user.userId}/recommendations?nprobe=${fixture.lists}`,
      );
      expect(body.modelVersion).toBe(fixture.version);
      expect(ids(body)).toEqual(user.exact);
    }
  });
});
