/**
 * The two reads the widget makes: recommendations from the Worker, with each item's details
 * (title, price, picture, link: published with the model), and — only when the page names one
 * with `catalog` — the shop's own product feed instead. Both time out and never throw past their
 * callers' try/catch; the feed is fetched once per URL per page and shared by every widget.
 */
import type { ProductCard, RecommendationResponse } from '#shared/schemas';

const TIMEOUT_MS = 4000;

export interface RecommendationRequest {
  items: string[];
  /** The anonymous session: the Worker assigns the holdout arm by it. */
  sessionId?: string;
  userId?: string;
  k: number;
  category?: string;
  exclude?: string[];
  creatives?: boolean;
  /** Ask the Worker for each item's title, price, picture and link (no feed needed). */
  details?: boolean;
  /** The session's landing context (session.ts): the segment cold start ranks a stranger by it. */
  referrer?: string;
  landingCategory?: string;
}

async function fetchJson(url: string, init: RequestInit = {}): Promise<unknown> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(url, { ...init, signal: abort.signal });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return await res.json();
  } finally {
    clearTimeout(timer);
  }
}

/** `POST {endpoint}/v1/recommendations`; `userToken` vouches for `request.userId`. */
export async function fetchRecommendations(
  endpoint: string,
  request: RecommendationRequest,
  userToken?: string,
): Promise<RecommendationResponse> {
  const body = (await fetchJson(`${endpoint}/v1/recommendations`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(userToken === undefined ? {} : { 'X-Vitrine-User-Token': userToken }),
    },
    body: JSON.stringify(request),
  })) as RecommendationResponse;
  if (!Array.isArray(body?.items)) throw new Error('recommendations: malformed response');
  return body;
}

const feeds = new Map<string, Promise<Map<string, ProductCard>>>();

/** itemId → card from the feed at `url` (`{items: [...]}` or a bare array); empty on failure. */
export function loadCatalog(url: string): Promise<Map<string, ProductCard>> {
  let feed = feeds.get(url);
  if (feed === undefined) {
    feed = fetchJson(url)
      .then((json) => {
        const items = Array.isArray(json) ? json : (json as { items?: unknown })?.items;
        const map = new Map<string, ProductCard>();
        if (Array.isArray(items)) {
          for (const item of items as ProductCard[])
            if (typeof item?.itemId === 'string') map.set(item.itemId, item);
        }
        return map;
      })
      .catch(() => {
        feeds.delete(url); // try again on the next render
        return new Map<string, ProductCard>();
      });
    feeds.set(url, feed);
  }
  return feed;
}
