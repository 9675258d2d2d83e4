/**
 * The one ONNX session type of the project and the one adapter onto onnxruntime: batch
 * (onnxruntime-web or -node, batch/src/runtime/ort.ts) and the creative Worker (onnxruntime-web
 * in workerd, edge/creative/generator/backend.ts) both hand their runtime's session to
 * `wrapOrtSession`, so tensors cross in one shape and a non-float output fails the same way.
 * No runtime is imported here: each caller passes its own `Tensor` class.
 */
import { AppError } from '../errors/index.ts';

/** A float32 tensor, row-major. */
export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

/** An ONNX model ready to run. */
export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>>;
  release(): Promise<void>;
}

/** The slice of onnxruntime-common's tensor and session that every onnxruntime package shares. */
export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
}
export interface OrtSessionLike<T extends OrtTensorLike> {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, T>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}
export type OrtTensorClass<T extends OrtTensorLike> = new (
  type: 'float32',
  data: Float32Array,
  dims: readonly number[],
) => T;

/**
 * `session` (created by `runtime`'s InferenceSession) as an `OnnxSession`.
 *
 * @example
 * return wrapOrtSession(await ort.InferenceSession.create(bytes, options), ort.Tensor);
 */
export function wrapOrtSession<T extends OrtTensorLike>(
  session: OrtSessionLike<T>,
  Tensor: OrtTensorClass<T>,
): OnnxSession {
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds) {
      const ortFeeds: Record<string, T> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new Tensor('float32', t.data, t.dims);
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

/** onnxruntime refused `bytes`: the model is damaged or not ONNX. */
export function unloadableModel(runtime: string, cause: unknown): AppError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new AppError('corrupt', `onnxruntime-${runtime} cannot load the model: ${why}`, { cause });
}
