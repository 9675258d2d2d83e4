/**
 * What the recommend Worker's creative tests share: its public origin, an answer whose items may
 * carry a `creativeUrl`, the first fixture user's recommendation URL, and the Worker called
 * without its CREATIVES binding (a deployment that has none).
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../../edge/src/index.ts';
import { type Answer, asShopPage, fixture } from './fixture.ts';

export const ORIGIN = 'https://vitrine.test';
export type Linked = Answer & { items: (Answer['items'][number] & { creativeUrl?: string })[] };
export const userUrl = (query: string) =>
  `/v1/users/${fixture.users[0]!.userId}/recommendations?k=30&${query}`;

/** The Worker called with `env` minus the CREATIVES binding (a deployment without it). */
export async function withoutBinding(path: string): Promise<Response> {
  const { CREATIVES: _dropped, ...rest } = env;
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(ORIGIN + path, await asShopPage(path)), rest as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
