/**
 * The one module of the edge that imports onnxruntime-web (the generator Worker's). Everything
 * else uses `OnnxSession` (#shared/onnx, the type batch uses too).
 *
 * workerd refuses to compile WebAssembly at run time ("Wasm code generation disallowed by
 * embedder"), so `WebAssembly.instantiate(bytes)` — what onnxruntime's Emscripten glue calls —
 * fails there. The recipe (../shared/notes/edge-stack.md):
 * - import the `.wasm` as a module: wrangler's default rule turns it into a `WebAssembly.Module`
 *   compiled at deploy time;
 * - use the `onnxruntime-web/wasm` build (glue bundled, no WebGPU/WebGL), one thread and no proxy
 *   worker (workerd has neither threads nor Web Workers; one thread also keeps float sums in the
 *   same order as the batch side, which runs onnxruntime-web with one thread too);
 * - give `wasmBinary` a placeholder so the glue does not `fetch()` the file, and while the backend
 *   initialises — and only then — make `WebAssembly.instantiate` return an instance of the
 *   precompiled module with the imports the glue passes.
 */

import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm';
import * as ort from 'onnxruntime-web/wasm';
import { type OnnxSession, unloadableModel, wrapOrtSession } from '#shared/onnx';

export type { FloatTensor, OnnxSession } from '#shared/onnx';

/** The eight-byte header of an empty wasm module: truthy, so the glue skips its fetch. */
const PLACEHOLDER_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

type Instantiate = typeof WebAssembly.instantiate;

/** Set once a session exists: the backend is then initialised and needs no patch again. */
let backendReady = false;
/** Creations before that run one at a time, so the global is patched by one call at a time. */
let pending: Promise<unknown> = Promise.resolve();

/**
 * Runs `create` (the first session, which initialises the backend) with `WebAssembly.instantiate`
 * answering from the precompiled module, and restores the global afterwards.
 */
async function withPrecompiledWasm<T>(create: () => Promise<T>): Promise<T> {
  const original: Instantiate = WebAssembly.instantiate;
  const precompiled = (async (_source: unknown, imports?: WebAssembly.Imports) => ({
    instance: new WebAssembly.Instance(ortWasm, imports),
    module: ortWasm,
  })) as unknown as Instantiate;
  WebAssembly.instantiate = precompiled;
  try {
    return await create();
  } finally {
    WebAssembly.instantiate = original;
  }
}

/**
 * Session options, the same as the batch side's (batch/src/runtime/ort.ts) so both compute the
 * same floats: all graph optimisations, sequential execution (one thread has nothing to run in
 * parallel). Tried and left out (npm run bench:creatives, by hand): `freeDimensionOverrides`
 * pinning the batch to 1 (no gain beyond noise, and the generator could no longer batch) and
 * `enableMemPattern: false` (no gain). The wasm is `ort-wasm-simd-threaded.wasm`, the very file
 * onnxruntime-web loads in Node: 128-bit SIMD kernels, run here on one thread.
 */
const SESSION_OPTIONS = {
  executionProviders: ['wasm'],
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
} satisfies ort.InferenceSession.SessionOptions;

async function createOrtSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  const create = () => ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  if (backendReady) return create();
  const attempt = pending.then(() => {
    if (backendReady) return create();
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.wasm.wasmBinary = PLACEHOLDER_WASM;
    return withPrecompiledWasm(create);
  });
  pending = attempt.catch(() => undefined);
  const session = await attempt;
  backendReady = true;
  return session;
}

/**
 * Opens an ONNX model in onnxruntime-web. Bytes onnxruntime cannot load → `AppError('corrupt')`.
 *
 * @example
 * const session = await createSession(onnxBytes);
 * const { image } = await session.run({ noise: { data, dims: [1, 64] }, label: { data: oneHot, dims: [1, 10] } });
 */
export async function createSession(bytes: Uint8Array): Promise<OnnxSession> {
  let session: ort.InferenceSession;
  try {
    session = await createOrtSession(bytes);
  } catch (cause) {
    throw unloadableModel('web', cause);
  }
  return wrapOrtSession(session, ort.Tensor);
}
