/**
 * Reports behaviour events to `POST /v1/events` with `navigator.sendBeacon`: the browser delivers
 * the request even when the page is being left (a click on a product card navigates away at
 * once). Bodies are sent as `text/plain` — a CORS-safelisted type, so no preflight. Beacons cannot
 * set headers: the publishable key (public by design) rides in the query string, the shopper's
 * user token in the body (a URL ends up in request logs; a credential must not). Events are
 * queued briefly so one render's view and impression share a request; the queue is flushed at
 * once for clicks and when the page is hidden.
 */
import { randomId } from './session.ts';

export interface OutgoingEvent {
  type: 'view' | 'click' | 'add_to_cart' | 'purchase' | 'impression';
  itemId?: string;
  itemIds?: string[];
  userId?: string;
  sessionId: string;
  context?: string;
  modelVersion?: string;
  strategy?: string;
  /** The session's landing context: the edge keeps the referrer's host only. */
  referrer?: string;
  landingCategory?: string;
}

const QUEUE_MS = 250;
/** Far under the 64 KiB a page may have in flight as beacons. */
const MAX_PER_REQUEST = 50;

interface Pending {
  url: string;
  userToken: string | undefined;
  events: Record<string, unknown>[];
}

const queues = new Map<string, Pending>();
let timer: ReturnType<typeof setTimeout> | undefined;

function send({ url, userToken, events }: Pending): void {
  for (let i = 0; i < events.length; i += MAX_PER_REQUEST) {
    const body = JSON.stringify({ events: events.slice(i, i + MAX_PER_REQUEST), userToken });
    let queued = false;
    try {
      queued = typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(url, body);
    } catch {
      queued = false;
    }
    // No beacon (old browser, quota full): a keepalive fetch also outlives the page.
    if (!queued)
      fetch(url, { method: 'POST', body, keepalive: true, mode: 'no-cors' }).catch(() => undefined);
  }
}

/** Sends everything queued now. */
export function flushEvents(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  for (const pending of queues.values()) if (pending.events.length > 0) send(pending);
  queues.clear();
}

/**
 * Queues one event for `endpoint` with publishable key `key` (and the shopper's `userToken`);
 * `immediate` sends at once.
 *
 * @example
 * reportEvent('https://recs.example', 'pk_shop', { type: 'click', itemId: 'i7', sessionId }, true);
 */
export function reportEvent(
  endpoint: string,
  key: string,
  event: OutgoingEvent,
  immediate = false,
  userToken?: string,
): void {
  const url = `${endpoint}/v1/events?key=${encodeURIComponent(key)}`;
  const full = { eventId: `e-${randomId()}`, ts: new Date().toISOString(), ...event };
  // One queue per URL and token: a batch's token vouches for every userId in it.
  const queue = `${url}\n${userToken ?? ''}`;
  const pending = queues.get(queue) ?? { url, userToken, events: [] };
  pending.events.push(full);
  queues.set(queue, pending);
  if (immediate) flushEvents();
  else timer ??= setTimeout(flushEvents, QUEUE_MS);
}

if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushEvents();
  });
  window.addEventListener('pagehide', flushEvents);
}
