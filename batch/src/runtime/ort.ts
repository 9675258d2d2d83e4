/**
 * The one batch module that imports onnxruntime.
 *
 * `web` is onnxruntime-web's WASM backend running in Node: the same runtime, build and single
 * thread the edge creative Worker uses, so batch-side checks (parity, prebuilt creatives) see
 * what the edge will compute. `node` is onnxruntime-node (native CPU), a dev dependency used only
 * to compare speed; it is loaded lazily and reported as unavailable when it is not installed
 * (its install script fetches a CUDA add-on: see ../shared/notes/batch-stack.md).
 * Everything else in batch/ uses `OnnxSession` (#shared/onnx's, with the runtime named), never ort's classes.
 */
import { AppError } from '#shared/errors';
import {
  type OrtSessionLike,
  type OrtTensorClass,
  type OrtTensorLike,
  type OnnxSession as SharedOnnxSession,
  unloadableModel,
  wrapOrtSession,
} from '#shared/onnx';

export type { FloatTensor } from '#shared/onnx';

export type OrtRuntime = 'web' | 'node';

/** An ONNX session of batch: the shared `OnnxSession`, plus which runtime runs it. */
export interface OnnxSession extends SharedOnnxSession {
  readonly runtime: OrtRuntime;
}

export interface SessionOptions {
  runtime?: OrtRuntime;
  /** Intra-op threads; default 1 (what the edge runs with, and fair to compare). */
  threads?: number;
}

// The subset of the onnxruntime-common API both packages share.
interface OrtModule {
  Tensor: OrtTensorClass<OrtTensorLike>;
  InferenceSession: {
    create(bytes: Uint8Array, options?: Record<string, unknown>): Promise<OrtSessionLike<OrtTensorLike>>;
  };
}

let web: Promise<OrtModule> | undefined;
let native: Promise<OrtModule> | undefined;

function loadWeb(): Promise<OrtModule> {
  web ??= import('onnxruntime-web').then((ort) => {
    // One thread and no proxy worker, as in workerd (threads would also change float sums).
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    return ort as unknown as OrtModule;
  });
  return web;
}

function loadNode(): Promise<OrtModule> {
  native ??= import('onnxruntime-node').then(
    (ort) => ort as unknown as OrtModule,
    (cause: unknown) => {
      native = undefined;
      throw new AppError('unavailable', 'onnxruntime-node is not installed or its binary does not load', {
        cause,
      });
    },
  );
  return native;
}

/** Whether onnxruntime-node loads here (it is a dev dependency). */
export async function nativeOrtAvailable(): Promise<boolean> {
  try {
    await loadNode();
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens an ONNX model. Bytes that onnxruntime cannot load fail with `AppError('corrupt')`.
 *
 * @example
 * const session = await createOnnxSession(bytes);
 * const { image } = await session.run({ noise: { data, dims: [1, 64] }, label: { data: l, dims: [1, 10] } });
 */
export async function createOnnxSession(
  bytes: Uint8Array,
  options: SessionOptions = {},
): Promise<OnnxSession> {
  const runtime = options.runtime ?? 'web';
  const ort = runtime === 'web' ? await loadWeb() : await loadNode();
  const threads = options.threads ?? 1;
  let session: OrtSessionLike<OrtTensorLike>;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: [runtime === 'web' ? 'wasm' : 'cpu'],
      graphOptimizationLevel: 'all',
      // As in the edge creative Worker (edge/creative/generator/backend.ts): one thread, in order.
      executionMode: 'sequential',
      ...(runtime === 'node' ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
    });
  } catch (cause) {
    throw unloadableModel(runtime, cause);
  }
  return { runtime, ...wrapOrtSession(session, ort.Tensor) };
}
