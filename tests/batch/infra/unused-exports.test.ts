/**
 * The dead-export report (infra/scripts/unused-exports.ts) on a tiny known tree: it must see
 * imports through an index re-export, count a test-only import as such, and not count a
 * re-export as a use.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportUses } from '../../../infra/scripts/unused-exports.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const dir = useTempDir('vitrine-exports-');

function tree(files: Record<string, string>): string {
  const root = dir('tree');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: root });
  return root;
}

describe('unused exports report', () => {
  it('tells used, test-only, own-file-only and dead exports apart', () => {
    const root = tree({
      'shared/src/a/impl.ts': [
        'export const used = 1;',
        'export const testOnly = 2;',
        'export const dead = 3;',
        'export const local = 4;',
        'export const twice = local * 2;',
      ].join('\n'),
      'shared/src/a/index.ts': "export { dead, testOnly, twice, used } from './impl.ts';\n",
      'batch/src/b.ts':
        "import { twice, used } from '../../shared/src/a/index.ts';\nexport const sum = used + twice;\n",
      'tests/a.test.ts':
        "import { testOnly } from '../shared/src/a/index.ts';\nimport { sum } from '../batch/src/b.ts';\nvoid [testOnly, sum];\n",
    });
    const uses = Object.fromEntries(exportUses(root).map((u) => [u.where.split(' ')[1], u]));
    expect(uses.used).toMatchObject({ importers: ['batch/src/b.ts'], usedInOwnFile: false });
    expect(uses.testOnly).toMatchObject({ importers: ['tests/a.test.ts'], usedInOwnFile: false });
    expect(uses.dead).toMatchObject({ importers: [], usedInOwnFile: false });
    expect(uses.local).toMatchObject({ importers: [], usedInOwnFile: true });
    expect(uses.sum?.importers).toEqual(['tests/a.test.ts']);
    expect(uses.dead?.where).toBe('shared/src/a/impl.ts:3 dead');
  });
});
