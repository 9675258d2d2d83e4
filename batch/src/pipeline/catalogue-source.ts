/**
 * Which catalogue a pipeline run trains with: the `--catalogue` file when given, else the last
 * catalogue published to the model store (`vitrine catalogue import`, or an earlier run's
 * `catalogue.normalised`). The run's log says which one, and warns plainly when there is none —
 * training then goes on without categories, which the edge's category filters need.
 */
import { lastPublishedCatalogue } from '../jobs/catalogue-import.ts';
import { redactUri } from './inputs.ts';
import { need, type PipelineStage } from './stage.ts';

/** Runs after `load`: fills `inputs.catalogue` from the store when `--catalogue` was not given. */
export const publishedCatalogueStage: PipelineStage = {
  name: 'catalogue',
  async run(run) {
    const inputs = need(run, 'inputs', 'catalogue');
    const { log } = run.ctx;
    if (run.options.catalogue !== undefined) {
      log.info('pipeline.catalogue', { source: 'file', uri: redactUri(run.options.catalogue) });
      return undefined;
    }
    const published = await lastPublishedCatalogue(run.store);
    if (published === null) {
      log.warn('pipeline.no_catalogue', {
        message:
          `no --catalogue given and no catalogue published in ${redactUri(run.store.uri)}: training without ` +
          'categories, prices or cold-start features. Publish one with `vitrine catalogue import <feed> --store <store>`.',
      });
      return undefined;
    }
    inputs.catalogue = published.catalogue;
    log.info('pipeline.catalogue', {
      source: published.from === 'import' ? 'last import' : 'live manifest',
      message: `no --catalogue given: using the last published catalogue (${published.catalogue.length} items, ${published.at})`,
      key: published.ref.key,
      items: published.catalogue.length,
      publishedAt: published.at,
    });
    return undefined;
  },
};
