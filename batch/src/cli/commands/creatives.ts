/**
 * `vitrine creatives list|approve|reject`: marketers' review of the live prebuilt library.
 * Options and output only; the work is in batch/src/creatives/review*.ts.
 */
import { z } from 'zod';
import { CategoryId, type CreativeEntry, CreativeStatus, type Manifest } from '#shared/schemas';
import { liveManifest, reviewCreatives } from '../../creatives/review-publish.ts';
import { openStore } from '../../storage/open.ts';
import { defineCommand } from '../command.ts';

const StoreOption = z.string().min(1).default('file://.vitrine/store').describe('model store the edge reads');

export const CreativesListOptions = z.object({
  store: StoreOption,
  status: CreativeStatus.optional().describe('only creatives with this status'),
  category: CategoryId.optional().describe('only creatives of this category'),
  format: z
    .enum(['auto', 'human', 'json'])
    .default('auto')
    .describe('auto: a table on a terminal, JSON otherwise (pipes, files, scripts)'),
});

const DecisionOptions = z.object({
  ids: z
    .array(z.string().min(1))
    .default([])
    .describe('creatives by sha256 or a unique prefix of ≥ 8 hex digits (given as bare arguments)'),
  category: z.array(CategoryId).default([]).describe('every creative of these categories'),
  store: StoreOption,
  by: z.string().min(1).max(120).optional().describe('who decided (recorded in state/creative-review.json)'),
});

/** One library entry as `list` reports it. */
function row(e: CreativeEntry) {
  return {
    sha256: e.blob.sha256,
    status: e.status ?? 'approved',
    category: e.category,
    seed: e.seed,
    size: e.size,
    template: e.template,
    width: e.width,
    height: e.height,
    bytes: e.blob.size,
  };
}

/** A fixed-width table, one creative a line, for a person at a terminal. */
export function creativesTable(manifest: Manifest, rows: ReturnType<typeof row>[]): string {
  const head = ['sha256', 'status', 'category', 'seed', 'size', 'template', 'pixels', 'bytes'];
  const cells = rows.map((r) => [
    r.sha256.slice(0, 12),
    r.status,
    r.category,
    String(r.seed),
    r.size,
    r.template,
    `${r.width}×${r.height}`,
    String(r.bytes),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const counts = ['pending', 'approved', 'rejected'].map(
    (s) => `${rows.filter((r) => r.status === s).length} ${s}`,
  );
  return [
    `model ${manifest.version}: ${rows.length} library creatives (${counts.join(', ')})`,
    line(head),
    ...cells.map(line),
  ].join('\n');
}

export const creativesListCommand = defineCommand({
  name: 'creatives list',
  summary: 'list the live library creatives with their review status (pending, approved, rejected)',
  description:
    'Reads the live manifest. Only approved creatives are served from the library; new ones start pending\n' +
    '(unless the pipeline ran with --approve-creatives). On a terminal: a table; otherwise JSON.',
  examples: [
    'vitrine creatives list --status pending',
    'vitrine creatives list --format json | jq .creatives',
  ],
  options: CreativesListOptions,
  async run(options, ctx) {
    const manifest = await liveManifest(openStore(options.store));
    const rows = (manifest.creatives ?? [])
      .map(row)
      .filter((r) => options.status === undefined || r.status === options.status)
      .filter((r) => options.category === undefined || r.category === options.category);
    const human = options.format === 'human' || (options.format === 'auto' && process.stdout.isTTY === true);
    ctx.print(
      human
        ? `${creativesTable(manifest, rows)}\n`
        : `${JSON.stringify({ modelVersion: manifest.version, creatives: rows }, null, 2)}\n`,
    );
    return 0;
  },
});

function decisionCommand(status: 'approved' | 'rejected', verb: 'approve' | 'reject') {
  return defineCommand({
    name: `creatives ${verb}`,
    summary: `${verb} library creatives: record it and publish the live version again with the new status`,
    description:
      'Records the decision in state/creative-review.json of the store (by sha256, so it follows the banner into\n' +
      'every later version) and publishes the live manifest again with the new statuses: the edge picks it up\n' +
      'with its next manifest refresh, and `vitrine rollback` steps back over it.',
    examples: [
      `vitrine creatives ${verb} 9f3a12bc 0c4d77e1 --by ana`,
      `vitrine creatives ${verb} --category women-dresses`,
    ],
    options: DecisionOptions,
    positional: 'ids',
    async run(options, ctx) {
      const result = await reviewCreatives(
        openStore(options.store),
        { ids: options.ids, categories: options.category },
        status,
        { by: options.by },
      );
      ctx.log.info(`creatives.${verb}d`, { creatives: result.decided.length, version: result.version });
      ctx.print(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    },
  });
}

export const creativesApproveCommand = decisionCommand('approved', 'approve');
export const creativesRejectCommand = decisionCommand('rejected', 'reject');
