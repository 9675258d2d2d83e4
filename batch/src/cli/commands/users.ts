/**
 * `vitrine users delete <userId>…`: files a deletion request in the data store; the next
 * `vitrine pipeline` run carries it out (batch/src/privacy/step.ts).
 */
import { z } from 'zod';
import { MAX_DELETION_IDS } from '#shared/schemas';
import { writeDeletionRequest } from '../../privacy/requests.ts';
import { dataLocation } from '../../privacy/step.ts';
import { openStore } from '../../storage/open.ts';
import { defineCommand } from '../command.ts';

export const UsersDeleteOptions = z.object({
  userIds: z
    .array(z.string().min(1).max(256))
    .min(1)
    .max(MAX_DELETION_IDS)
    .describe('user ids to delete (given as bare arguments)'),
  data: z
    .string()
    .min(1)
    .describe(
      "the pipeline's --data: the store (or prefix/) the edge writes events to, or the CSV it trains on",
    ),
});

export const usersDeleteCommand = defineCommand({
  name: 'users delete',
  summary:
    "request deletion of users' data: their events, vectors and kept versions, at the next pipeline run",
  description:
    'Writes a DeletionRequest under privacy/deletions/ of the data store. The next `vitrine pipeline` removes the\n' +
    "users' events (and the anonymous sessions they link to) from the event files, trains and publishes without\n" +
    'them, expires kept model versions that still hold their vectors, and moves the request to privacy/applied/\n' +
    '(sha256 of the ids only). Until that publish succeeds the request stays pending.',
  examples: [
    'vitrine users delete u-42 u-77 --data s3://shop/vitrine',
    'vitrine users delete u-42 --data file://.vitrine/shop',
  ],
  options: UsersDeleteOptions,
  positional: 'userIds',
  async run(options, ctx) {
    const store = openStore(dataLocation(options.data).storeUri);
    const { key, request } = await writeDeletionRequest(store, options.userIds, 'cli');
    ctx.log.info('users.delete_requested', { key, users: request.userIds.length });
    ctx.print(
      `${JSON.stringify({ key, users: request.userIds.length, requestedAt: request.requestedAt }, null, 2)}\n`,
    );
    return 0;
  },
});
