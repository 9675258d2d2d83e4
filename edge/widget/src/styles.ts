/** The widget's shadow-DOM styles; hosts restyle through `::part(...)` and CSS custom properties. */
export const STYLES = `
:host{display:block;font:inherit;color:inherit;--vitrine-gap:12px;--vitrine-card-width:160px;--vitrine-radius:8px}
:host([hidden]){display:none}
h2{font-size:1.1em;margin:0 0 8px}
ul{list-style:none;margin:0;padding:0;display:grid;gap:var(--vitrine-gap);
grid-template-columns:repeat(auto-fill,minmax(var(--vitrine-card-width),1fr))}
.row ul{display:flex;overflow-x:auto;scroll-snap-type:x mandatory;padding-bottom:4px}
.row li{flex:0 0 var(--vitrine-card-width);scroll-snap-align:start}
a{display:flex;flex-direction:column;gap:4px;text-decoration:none;color:inherit;border:1px solid #0002;
border-radius:var(--vitrine-radius);padding:8px;background:#fff;height:100%;box-sizing:border-box}
a:hover,a:focus-visible{border-color:#0008}
.image{width:100%;aspect-ratio:1;object-fit:contain;image-rendering:pixelated;background:#f4f4f4;border-radius:4px}
.creative{width:100%;border-radius:4px}
.title{font-size:.9em;line-height:1.25}
.price{font-weight:600}
.reason{font-size:.8em;opacity:.75}
`;
