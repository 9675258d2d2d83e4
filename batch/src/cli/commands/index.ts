/**
 * `vitrine index`: build the IVF index of a trained run and report its shape and measured
 * recall, without publishing (for tuning --nlist, --dtype, --shard-ki-b). `--out` keeps the blobs
 * and the manifest sections (index.json) in a store.
 */
import { z } from 'zod';
import { IndexConfig, ItemMetadataRow } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { attributesFromItemRows } from '../../index/attributes.ts';
import { buildIndex } from '../../index/build.ts';
import { foldInConstants, loadModel } from '../../models/mf/model.ts';
import { BlobWriter } from '../../publish/blobs.ts';
import { openStore } from '../../storage/open.ts';
import { defineCommand } from '../command.ts';

export const IndexOptions = z.object({
  run: z
    .string()
    .min(1)
    .describe('store URI of a training run (model/, items.jsonl from vitrine train --out)'),
  out: z
    .string()
    .min(1)
    .optional()
    .describe('store to keep the blobs and index.json in (default: measure only)'),
  index: IndexConfig.default(IndexConfig.parse({})),
});

export const indexCommand = defineCommand({
  name: 'index',
  summary: 'build the IVF index of a trained run and report lists, shard sizes and recall@10 per nprobe',
  examples: ['vitrine index --run file://.vitrine/run --dtype int8 --nlist 256'],
  options: IndexOptions,
  async run(options, ctx) {
    const run = openStore(options.run);
    const model = await loadModel(run, 'model');
    const rows = new TextDecoder()
      .decode(await run.get('items.jsonl'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => ItemMetadataRow.parse(JSON.parse(l)));
    const out = options.out === undefined ? new MemoryStore('index') : openStore(options.out);
    const writer = new BlobWriter(out);
    const bar = ctx.progress('index', 1);
    const art = await buildIndex(model, (b) => writer.put(b), {
      config: options.index,
      attrs: attributesFromItemRows(model.itemIds, rows),
      foldIn: foldInConstants(model),
      onProgress: (stage, done, total) => bar.update(done / total, stage),
    });
    bar.finish();
    if (options.out !== undefined) {
      const { stats: _stats, ...sections } = art;
      await out.put('index.json', new TextEncoder().encode(JSON.stringify(sections)), {
        contentType: 'application/json',
      });
    }
    ctx.print(`${JSON.stringify({ stats: art.stats, blobs: writer.stats }, null, 2)}\n`);
    return 0;
  },
});
