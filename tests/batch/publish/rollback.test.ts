import { describe, expect, it } from 'vitest';
import { readCurrent } from '../../../batch/src/publish/read.ts';
import { rollback } from '../../../batch/src/publish/rollback.ts';
import { expectConsistent, threeVersions } from './support.ts';

describe('rollback', () => {
  it('steps back one version at a time, by creation time', async () => {
    const store = await threeVersions('back');
    expect(await rollback(store)).toMatchObject({ from: 'v3', to: 'v2' });
    expect(await expectConsistent(store)).toBe('v2');
    expect(await rollback(store)).toMatchObject({ from: 'v2', to: 'v1' });
    await expect(rollback(store)).rejects.toMatchObject({ kind: 'not_found' });
    expect((await readCurrent(store))?.pointer.version).toBe('v1');
  });

  it('flips to a named version, including forward again, with a pointer that verifies', async () => {
    const store = await threeVersions('named');
    await rollback(store, { version: 'v1' });
    const result = await rollback(store, { version: 'v3', verify: true });
    expect(result).toMatchObject({ from: 'v1', to: 'v3' });
    const live = await readCurrent(store);
    expect(live?.sha256).toBe(result.pointer.sha256);
  });

  it('refuses an unknown version and a version with a missing blob', async () => {
    const store = await threeVersions('refuse');
    await expect(rollback(store, { version: 'v7' })).rejects.toMatchObject({
      kind: 'not_found',
      field: 'version',
    });
    const v1 = await readCurrent(store).then(async () =>
      (await import('../../../batch/src/publish/read.ts')).readManifest(store, 'v1'),
    );
    await store.delete(v1.manifest.users.shards[0]!.key);
    await expect(rollback(store, { version: 'v1' })).rejects.toMatchObject({ kind: 'precondition_failed' });
    expect((await readCurrent(store))?.pointer.version).toBe('v3');
  });
});
