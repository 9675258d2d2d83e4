/**
 * Typed access to the Web APIs this folder needs (WebCrypto digest), without global platform
 * types: shared/ compiles with no DOM/Node/Workers lib, and both Node 20 and workerd expose
 * `globalThis.crypto.subtle` and `TextDecoder`/`TextEncoder` with the same behaviour.
 * Declaring just the slice we call keeps this file the only place that assumes they exist.
 */

interface SubtleDigest {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

interface WebCryptoGlobal {
  crypto?: { subtle?: SubtleDigest };
}

/** `crypto.subtle`, or a clear error when a runtime lacks it (never expected in Node 20/workerd). */
export function subtle(): SubtleDigest {
  const s = (globalThis as WebCryptoGlobal).crypto?.subtle;
  if (!s) throw new Error('WebCrypto crypto.subtle is not available in this runtime');
  return s;
}
