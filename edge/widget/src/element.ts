/**
 * `<vitrine-recs>`: recommendations on any storefront page, framework-free.
 *
 *   <script src="https://recs.example/widget.js" async></script>
 *   <vitrine-recs publishable-key="pk_shop" k="8" layout="row" item-id="sku-42"
 *     catalog="/feed.json" item-href="/p/{itemId}" heading="You may also like"></vitrine-recs>
 *
 * Attributes: `endpoint` (default: where widget.js came from), `publishable-key` (events are
 * sent only with one), `user-id` (a logged-in shopper; otherwise the anonymous session is used)
 * with `user-token` (the token the shop's backend signed for that id; see the README),
 * `item-id` (the product this page shows: recorded as a view and folded into the session), `k`,
 * `category`, `layout` (`grid` | `row`), `catalog` (product feed URL), `item-href`, `heading`,
 * `placement` (event context), `creatives` (ask for creative images), `reasons` (a short line per
 * card saying why it is recommended), `page-category` (the category id of the page's product or
 * listing, default `category`: the session's first one is its landing category).
 * Requests and events carry the session's landing context (session.ts): the referrer's origin
 * only, and the landing category.
 *
 * Failure policy: a failed or slow API call never breaks the page. The widget keeps what it
 * shows, or shows the last answer this tab got for the same request, or shows nothing.
 * It fires `vitrine:render` ({ itemIds, strategy, modelVersion }) and `vitrine:error` ({ message }).
 */
import type { RecommendationResponse } from '#shared/schemas';
import { fetchRecommendations, loadCatalog, type RecommendationRequest } from './api.ts';
import { type OutgoingEvent, reportEvent } from './beacon.ts';
import { renderCards } from './render.ts';
import { currentSession, notePageCategory, sessionContext, touchItem } from './session.ts';
import { readJson, writeJson } from './storage.ts';
import { whenSeen } from './visibility.ts';

const scriptSrc = (document.currentScript as HTMLScriptElement | null)?.src;
/** Where this script was loaded from: the default API endpoint. */
const SCRIPT_ORIGIN = scriptSrc ? new URL(scriptSrc).origin : location.origin;

const ATTRIBUTES = [
  'endpoint',
  'publishable-key',
  'user-id',
  'user-token',
  'item-id',
  'k',
  'category',
  'layout',
  'catalog',
  'item-href',
  'heading',
  'placement',
  'creatives',
  'reasons',
  'page-category',
] as const;

export class VitrineRecs extends HTMLElement {
  static observedAttributes = [...ATTRIBUTES];
  private readonly root = this.attachShadow({ mode: 'open' });
  private scheduled = false;
  private generation = 0;
  private shown: RecommendationResponse | null = null;
  private viewed: string | null = null;
  private stopWatching: () => void = () => undefined;

  constructor() {
    super();
    this.root.addEventListener('click', (e) => this.onCardClick(e));
    this.root.addEventListener('auxclick', (e) => this.onCardClick(e));
  }

  connectedCallback(): void {
    this.schedule();
  }

  disconnectedCallback(): void {
    this.stopWatching();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.schedule();
  }

  /** Reloads the recommendations now (e.g. after the host changed the cart). */
  refresh(): Promise<void> {
    return this.load();
  }

  /** Reports an event the host page saw (`add_to_cart`, `purchase`…) with this widget's identity. */
  track(type: OutgoingEvent['type'], itemId: string): void {
    if (type !== 'impression') touchItem(itemId);
    this.send({ type, itemId }, type !== 'view');
  }

  private get endpoint(): string {
    return (this.getAttribute('endpoint') ?? SCRIPT_ORIGIN).replace(/\/+$/, '');
  }

  private attr(name: (typeof ATTRIBUTES)[number]): string | undefined {
    const value = this.getAttribute(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  /** Several attribute changes in one task cause one load. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.load();
    });
  }

  private send(event: Omit<OutgoingEvent, 'sessionId'>, immediate = false): void {
    const key = this.attr('publishable-key');
    if (key === undefined) return;
    const userId = this.attr('user-id');
    const session = currentSession();
    const full: OutgoingEvent = {
      ...event,
      sessionId: session.id,
      ...sessionContext(session),
      context: `vitrine-recs:${this.attr('placement') ?? 'recs'}`.slice(0, 64),
      ...(userId === undefined ? {} : { userId }),
    };
    reportEvent(this.endpoint, key, full, immediate, this.attr('user-token'));
  }

  private request(): RecommendationRequest {
    const category = this.attr('category');
    // Before the view is sent: the landing page's own view carries its category too.
    notePageCategory(this.attr('page-category') ?? category);
    const itemId = this.attr('item-id');
    if (itemId !== undefined && itemId !== this.viewed) {
      this.viewed = itemId;
      touchItem(itemId);
      this.send({ type: 'view', itemId });
    }
    const k = Math.min(100, Math.max(1, Number.parseInt(this.attr('k') ?? '8', 10) || 8));
    const userId = this.attr('user-id');
    const session = currentSession();
    return {
      items: session.items,
      sessionId: session.id,
      ...sessionContext(session),
      k,
      ...(userId === undefined ? {} : { userId }),
      ...(category === undefined ? {} : { category }),
      ...(itemId === undefined ? {} : { exclude: [itemId] }),
      ...(this.hasAttribute('creatives') ? { creatives: true } : {}),
      // Without a feed of its own the page gets titles, prices and pictures from the edge.
      ...(this.hasAttribute('catalog') ? {} : { details: true }),
    };
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    const endpoint = this.endpoint;
    let request: RecommendationRequest;
    try {
      request = this.request();
    } catch {
      return;
    }
    const cacheKey = `vitrine:last:${endpoint}:${JSON.stringify({ ...request, items: request.items.slice(-5) })}`;
    let answer: RecommendationResponse | null = null;
    try {
      answer = await fetchRecommendations(endpoint, request, this.attr('user-token'));
      writeJson('sessionStorage', cacheKey, answer);
    } catch (error) {
      this.emit('vitrine:error', { message: error instanceof Error ? error.message : String(error) });
      // Keep what is on screen; else the last answer for this request in this tab; else nothing.
      answer = this.shown ?? readJson<RecommendationResponse>('sessionStorage', cacheKey);
      if (answer === this.shown) return;
    }
    const catalogUrl = this.attr('catalog');
    const catalog = catalogUrl === undefined ? new Map() : await loadCatalog(catalogUrl);
    if (generation !== this.generation) return; // a newer load started meanwhile
    const items = answer?.items ?? [];
    try {
      const layout = this.attr('layout') === 'row' ? 'row' : 'grid';
      renderCards(this.root, items, {
        heading: this.attr('heading') ?? null,
        layout,
        hrefTemplate: this.attr('item-href') ?? null,
        catalog,
        reasons: this.hasAttribute('reasons'),
      });
    } catch (error) {
      this.root.replaceChildren();
      this.emit('vitrine:error', { message: String(error) });
      return;
    }
    this.shown = answer;
    this.toggleAttribute('data-empty', items.length === 0);
    if (answer !== null && items.length > 0) this.watchImpression(answer);
    this.emit('vitrine:render', {
      itemIds: items.map((i) => i.itemId),
      strategy: answer?.strategy ?? null,
      modelVersion: answer?.modelVersion ?? null,
    });
  }

  /** One impression per rendered answer, once it is seen. */
  private watchImpression(answer: RecommendationResponse): void {
    this.stopWatching();
    this.stopWatching = whenSeen(this, () =>
      this.send({
        type: 'impression',
        itemIds: answer.items.map((i) => i.itemId),
        strategy: answer.strategy,
        ...(answer.modelVersion === null ? {} : { modelVersion: answer.modelVersion }),
      }),
    );
  }

  private onCardClick(event: Event): void {
    if (event.type === 'auxclick' && (event as MouseEvent).button !== 1) return;
    const link = (event.target as Element | null)?.closest?.('a[data-item-id]') as HTMLAnchorElement | null;
    const itemId = link?.dataset.itemId;
    if (itemId === undefined) return;
    try {
      touchItem(itemId);
      // Immediate: a click usually navigates away in the same task.
      this.send({ type: 'click', itemId }, true);
    } catch {
      // reporting must never stop the navigation
    }
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
