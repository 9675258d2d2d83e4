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
import { AppError } from '#shared/errors';
import { type OnnxSession, unloadableModel, wrapOrtSession } from '#shared/onnx';

export type { FloatTensor, OnnxSession } from '#shared/onnx';

/** The eight-byte header of an empty wasm module: truthy, so the glue skips its fetch. */
const PLACEHOLDER_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

type Instantiate = typeof WebAssembly.instantiate;

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

/**
 * A 68-byte ONNX model (IR 8, opset 13): `y = Identity(x)`, x and y float [1]. A session on it
 * makes onnxruntime initialise — instantiate the wasm, start the Emscripten runtime, OrtInit, and
 * run (so compile) its model-loading and optimiser code — before any generator is known.
 * tests/creative/generator-warm.test.ts runs it.
 */
const WARM_MODEL = new Uint8Array([
  8, 8, 58, 58, 10, 16, 10, 1, 120, 18, 1, 121, 34, 8, 73, 100, 101, 110, 116, 105, 116, 121, 18, 4, 119, 97,
  114, 109, 90, 15, 10, 1, 120, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 98, 15, 10, 1, 121, 18, 10, 10, 8, 8,
  1, 18, 4, 10, 2, 8, 1, 66, 4, 10, 0, 16, 13,
]);

/** The isolate's onnxruntime initialisation; reset when it fails so a later call retries. */
let backend: Promise<void> | undefined;

async function initialise(): Promise<void> {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmBinary = PLACEHOLDER_WASM;
  const session = await withPrecompiledWasm(() => ort.InferenceSession.create(WARM_MODEL, SESSION_OPTIONS));
  await session.release();
}

/**
 * Initialises onnxruntime once per isolate (memoised: concurrent callers share one start, so the
 * global `WebAssembly.instantiate` is patched by one call at a time). The generator Worker's
 * `/v1/warm` calls it before the creative Worker has read its manifest, so the largest one-off
 * cost of a cold generator isolate runs while the caller still reads; every session waits for it.
 * Fails with `unavailable` (the runtime, not a model, is at fault).
 *
 * @example
 * await initBackend();
 */
export function initBackend(): Promise<void> {
  backend ??= initialise().catch((cause: unknown) => {
    backend = undefined;
    throw new AppError('unavailable', `onnxruntime-web did not start: ${String(cause)}`, { cause });
  });
  return backend;
}

/**
 * Opens an ONNX model in onnxruntime-web. Bytes onnxruntime cannot load → `AppError('corrupt')`.
 *
 * @example
 * const session = await createSession(onnxBytes);
 * const { image } = await session.run({ noise: { data, dims: [1, 64] }, label: { data: oneHot, dims: [1, 10] } });
 */
export async function createSession(bytes: Uint8Array): Promise<OnnxSession> {
  await initBackend();
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  } catch (cause) {
    throw unloadableModel('web', cause);
  }
  return wrapOrtSession(session, ort.Tensor);
}
