/**
 * The one batch module that imports onnxruntime.
 *
 * `web` is onnxruntime-web's WASM backend running in Node: the same runtime, build and single
 * thread the edge creative Worker uses, so batch-side checks (parity, prebuilt creatives) see
 * what the edge will compute. `node` is onnxruntime-node (native CPU), a dev dependency used only
 * to compare speed; it is loaded lazily and reported as unavailable when it is not installed
 * (its install script fetches a CUDA add-on: see ../shared/notes/batch-stack.md).
 * Everything else in batch/ uses the small `OnnxSession` type below, never ort's classes.
 */
import { AppError } from '#shared/errors';

export type OrtRuntime = 'web' | 'node';

/** A float32 tensor in row-major order. */
export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

export interface OnnxSession {
  readonly runtime: OrtRuntime;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>>;
  release(): Promise<void>;
}

export interface SessionOptions {
  runtime?: OrtRuntime;
  /** Intra-op threads; default 1 (what the edge runs with, and fair to compare). */
  threads?: number;
}

// The subset of the onnxruntime-common API both packages share.
interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
}
interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface OrtModule {
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
  InferenceSession: {
    create(bytes: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession>;
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
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: [runtime === 'web' ? 'wasm' : 'cpu'],
      graphOptimizationLevel: 'all',
      // As in the edge creative Worker (edge/creative/generator/backend.ts): one thread, in order.
      executionMode: 'sequential',
      ...(runtime === 'node' ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
    });
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new AppError('corrupt', `onnxruntime-${runtime} cannot load the model: ${why}`, { cause });
  }
  return {
    runtime,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds) {
      const ortFeeds: Record<string, OrtTensor> = {};
      for (const [name, t] of Object.entries(feeds))
        ortFeeds[name] = new ort.Tensor('float32', t.data, t.dims);
      const results = await session.run(ortFeeds);
      const out: Record<string, FloatTensor> = {};
      for (const [name, t] of Object.entries(results)) {
        if (!(t.data instanceof Float32Array))
          throw new Error(`output ${name} is ${t.type}, expected float32`);
        out[name] = { data: t.data, dims: [...t.dims] };
      }
      return out;
    },
    release: () => session.release(),
  };
}
