/**
 * The demo store's one page (`/demo`, `/demo?item=…`, `/demo?category=…`): a product grid from
 * the demo feed, a product view, and `<vitrine-recs>` exactly as a shop would embed it. Browsing
 * products records them in the widget's session, so the recommendations change as you click.
 * The page's own grid is rendered client-side from `/demo/catalogue.json`; the widget has no
 * `catalog` and gets its cards' titles, prices and pictures from the Worker (`details`), as a
 * shop's page would. The Worker only fills in the endpoint and the key allowed for the origin.
 * Creatives: the widget asks for them (`creatives`: each card shows the item's own banner from
 * the creative Worker), and a hero banner (leaderboard, bold) advertises the session's leading
 * top-level category — re-seeded as the session grows, so each click draws a new variant.
 */

export interface DemoPageOptions {
  /** The Worker's origin (API and widget.js). */
  endpoint: string;
  /** A publishable key allowed for that origin, or null (recommendations work, events do not). */
  publishableKey: string | null;
}

/** JSON for an inline script: `<` escaped so no value can close the script element. */
const inline = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
const attr = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#fafafa;color:#222}
header{background:#222;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}header h1{font-size:1.3em;margin:0}
nav{display:flex;gap:12px;flex-wrap:wrap;font-size:.9em}nav a.on{text-decoration:underline}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
.notice{background:#fff3cd;padding:8px 12px;border-radius:6px}
#product{display:flex;gap:24px;align-items:flex-start;margin-bottom:24px}
#product img{width:224px;height:224px;image-rendering:pixelated;background:#fff;border:1px solid #ddd;border-radius:8px}
#product button{padding:8px 16px;font-size:1em;cursor:pointer}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:12px;list-style:none;padding:0}
.grid a{display:block;background:#fff;border:1px solid #ddd;border-radius:8px;padding:8px;color:inherit;text-decoration:none;font-size:.85em}
.grid img{width:100%;aspect-ratio:1;image-rendering:pixelated}
#session{font-size:.85em;color:#555;background:#fff;border:1px solid #ddd;border-radius:8px;padding:8px 12px;margin:16px 0}
vitrine-recs{margin:16px 0}
#hero img{display:block;max-width:100%;height:auto;margin:8px 0 16px}
`;

const SCRIPT = `
const { endpoint, key } = CONFIG;
const params = new URLSearchParams(location.search);
const itemId = params.get('item');
const category = params.get('category');
const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
const money = (i) => (i.price === undefined ? '' : new Intl.NumberFormat(undefined, { style: 'currency', currency: i.currency ?? 'EUR' }).format(i.price));
const within = (c, filter) => !filter || c === filter || (c ?? '').startsWith(filter + '/');
const feed = await fetch('/demo/catalogue.json').then((r) => (r.ok ? r.json() : { items: [] })).catch(() => ({ items: [] }));
const byId = new Map(feed.items.map((i) => [i.itemId, i]));
if (feed.items.length === 0) $('notice').append(el('p', { className: 'notice', textContent: 'No demo catalogue in the bucket yet: run npm run demo.' }));
if (!key) $('notice').append(el('p', { className: 'notice', textContent: 'No publishable key allows ' + location.origin + ': events are not sent.' }));
// The nav shows the top level, and the children of the chosen category (a filter includes descendants).
const depth = category ? category.split('/').length : 0;
const categories = [...new Set(feed.items.filter((i) => within(i.category, category)).map((i) => (i.category ?? '').split('/').slice(0, depth + 1).join('/')))]
  .filter((c) => c && c !== category).sort();
const tops = [...new Set(feed.items.map((i) => (i.category ?? '').split('/')[0]))].filter(Boolean).sort();
$('nav').append(el('a', { href: '/demo', textContent: 'All', className: category ? '' : 'on' }),
  ...(depth === 0 ? tops : [category, ...categories]).map((c) => el('a', { href: '/demo?category=' + encodeURIComponent(c), textContent: c, className: c === category ? 'on' : '' })));
const recs = document.createElement('vitrine-recs');
const set = (name, value) => value && recs.setAttribute(name, value);
set('endpoint', endpoint); set('publishable-key', key); set('item-id', itemId); set('category', category);
set('k', '8'); set('layout', 'row'); set('item-href', '/demo?item={itemId}'); set('creatives', '1');
set('heading', itemId ? 'You may also like' : 'Recommended for you'); set('placement', itemId ? 'demo-product' : 'demo-home');
const product = itemId && byId.get(itemId);
if (product) {
  const cart = el('button', { textContent: 'Add to cart' });
  cart.onclick = () => { recs.track('add_to_cart', product.itemId); cart.textContent = 'Added ✓'; };
  $('product').append(el('img', { src: product.image, alt: product.title }),
    el('div', {}, el('h2', { textContent: product.title }), el('p', { textContent: (product.brand ?? '') + ' · ' + product.category }),
      el('p', { textContent: money(product) }), cart));
}
$('recs').append(recs);
const session = () => { try { return JSON.parse(localStorage.getItem('vitrine:session')) ?? { items: [] }; } catch { return { items: [] }; } };
recs.addEventListener('vitrine:render', (e) => {
  const s = session();
  $('session').textContent = 'Session ' + (s.id ?? '-') + ' · viewed ' + s.items.length + ' item(s): ' +
    s.items.slice(-6).map((i) => byId.get(i)?.title ?? i).join(', ') + ' · answer: ' + e.detail.strategy +
    ' · model ' + (e.detail.modelVersion ?? 'none');
});
const hero = () => {
  const seen = [...session().items, ...(itemId ? [itemId] : [])]
    .map((i) => (byId.get(i)?.category ?? '').split('/')[0]).filter(Boolean);
  const counts = new Map();
  for (const c of seen) counts.set(c, (counts.get(c) ?? 0) + 1);
  const lead = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? (category ?? '').split('/')[0];
  if (!lead) return;
  const src = endpoint + '/v1/creatives/' + encodeURIComponent(lead) + '?size=leaderboard&template=bold&seed=' + seen.length;
  $('hero').replaceChildren(el('a', { href: '/demo?category=' + encodeURIComponent(lead) },
    el('img', { src, alt: 'Featured: ' + lead, width: 728, height: 90 })));
};
hero();
recs.addEventListener('vitrine:render', hero);
$('reset').onclick = () => { VitrineRecs.resetSession(); location.href = '/demo'; };
const shown = feed.items.filter((i) => within(i.category, category)).slice(0, 24);
$('grid').append(...shown.map((i) => el('li', {}, el('a', { href: '/demo?item=' + encodeURIComponent(i.itemId) },
  el('img', { src: i.image, alt: i.title, loading: 'lazy' }), el('div', { textContent: i.title }), el('b', { textContent: money(i) })))));
`;

/**
 * The page's HTML.
 *
 * @example
 * return c.html(demoPage({ endpoint: 'http://127.0.0.1:8787', publishableKey: 'pk_demo_vitrine' }));
 */
export function demoPage({ endpoint, publishableKey }: DemoPageOptions): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Vitrine demo store</title><link rel="icon" href="data:,"><style>${STYLE}</style>
<script src="${attr(endpoint)}/widget.js" async></script></head>
<body><header><h1><a href="/demo">Vitrine demo store</a></h1><nav id="nav"></nav>
<button id="reset" type="button">New session</button></header>
<main><div id="notice"></div><div id="hero"></div><section id="product"></section><div id="recs"></div><div id="session">Session: loading…</div>
<h2>Shop</h2><ul id="grid" class="grid"></ul></main>
<script type="module">const CONFIG = ${inline({ endpoint, key: publishableKey })};
await customElements.whenDefined('vitrine-recs');${SCRIPT}</script></body></html>`;
}
