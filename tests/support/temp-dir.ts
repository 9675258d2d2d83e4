/**
 * A temporary directory for the enclosing test file or `describe` block: made before its tests,
 * deleted with everything in it after them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * Returns `path(...parts)`: the directory, or a path inside it (usable inside tests).
 *
 * @example
 * const dir = useTempDir('vitrine-publish-');
 * it('…', () => openStore(`file://${dir('models')}`));
 */
export function useTempDir(prefix: string): (...parts: string[]) => string {
  let root: string | undefined;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });
  return (...parts) => {
    if (root === undefined) throw new Error('useTempDir: use the directory inside a test');
    return join(root, ...parts);
  };
}
