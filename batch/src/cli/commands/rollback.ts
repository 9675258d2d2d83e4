/**
 * `vitrine rollback [version]`: flip manifests/current.json to an earlier (or the named) version.
 */
import { z } from 'zod';
import { Version } from '#shared/schemas';
import { rollback } from '../../publish/rollback.ts';
import { openStore } from '../../storage/open.ts';
import { defineCommand } from '../command.ts';

export const RollbackOptions = z.object({
  version: Version.optional().describe(
    'version to make live (default: the newest one older than the live version)',
  ),
  store: z.string().min(1).default('file://.vitrine/store').describe('model store the edge reads'),
  verify: z
    .boolean()
    .default(false)
    .describe('read and sha256-check every blob of the target first (default: sizes only)'),
});

export const rollbackCommand = defineCommand({
  name: 'rollback',
  summary: 'make an earlier published version live again (a pointer flip), or repair an unreadable pointer',
  description:
    'With a readable live pointer: flips it to the named version, or one version back. With an unreadable\n' +
    'one (truncated, checksum mismatch, deleted while versions are kept): rebuilds it to the named version,\n' +
    'else the version the damaged pointer still names, else the newest complete kept version.',
  examples: [
    'vitrine rollback --store file://.vitrine/store',
    'vitrine rollback v20260101T000000Z-a1b2c3 --verify',
  ],
  options: RollbackOptions,
  positional: 'version',
  async run(options, ctx) {
    const result = await rollback(openStore(options.store), {
      verify: options.verify,
      ...(options.version === undefined ? {} : { version: options.version }),
    });
    if (result.repaired !== undefined)
      ctx.log.warn('rollback.repaired', { reason: result.repaired, to: result.to });
    ctx.log.info('rollback.done', { from: result.from, to: result.to });
    ctx.print(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  },
});
