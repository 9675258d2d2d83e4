/**
 * Entry of widget.js: defines `<vitrine-recs>` once (a page may include the script twice) and
 * exposes the class for hosts that want `VitrineRecs.resetSession()`.
 */
import { VitrineRecs } from './element.ts';
import { resetSession } from './session.ts';

if (customElements.get('vitrine-recs') === undefined) customElements.define('vitrine-recs', VitrineRecs);

(window as unknown as { VitrineRecs: unknown }).VitrineRecs = { element: VitrineRecs, resetSession };
