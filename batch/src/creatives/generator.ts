/**
 * The exported generator as the creative library runs it: onnxruntime-web on the ONNX bytes
 * (the artifact the edge serves), never the tfjs model, so prebuilt creatives are exactly what
 * the edge would render on demand for the same (category, seed).
 */
import type { GeneratorInputs } from '#shared/creatives';
import { AppError } from '#shared/errors';
import { onnxSignature } from '../onnx/index.ts';
import { createOnnxSession, type OrtRuntime } from '../runtime/ort.ts';

export interface OnnxGenerator {
  noiseDim: number;
  numClasses: number;
  /** Side of the square output image. */
  imageSide: number;
  /** Images for `inputs.count` rows: [count, side, side, 1] row-major, values in [-1, 1]. */
  generate(inputs: GeneratorInputs): Promise<Float32Array>;
  close(): Promise<void>;
}

/**
 * Opens a generator exported with inputs `noise` [batch, z], `label` [batch, classes] and output
 * `image` [batch, side, side, 1]; anything else is `AppError('invalid_argument')`.
 */
export async function openOnnxGenerator(
  bytes: Uint8Array,
  runtime: OrtRuntime = 'web',
): Promise<OnnxGenerator> {
  const { inputs, outputs } = onnxSignature(bytes);
  const noise = inputs.get('noise');
  const label = inputs.get('label');
  const image = outputs.get('image');
  const [, noiseDim] = noise ?? [];
  const [, numClasses] = label ?? [];
  const [, side, side2, channels] = image ?? [];
  if (
    typeof noiseDim !== 'number' ||
    typeof numClasses !== 'number' ||
    typeof side !== 'number' ||
    side !== side2 ||
    channels !== 1
  ) {
    throw new AppError(
      'invalid_argument',
      'generator ONNX must have inputs noise [batch, z], label [batch, classes] and output image [batch, s, s, 1]',
    );
  }
  const session = await createOnnxSession(bytes, { runtime });
  return {
    noiseDim,
    numClasses,
    imageSide: side,
    async generate(x) {
      const out = await session.run({
        noise: { data: x.noise, dims: [x.count, noiseDim] },
        label: { data: x.label, dims: [x.count, numClasses] },
      });
      const img = out.image;
      if (!img || img.data.length !== x.count * side * side) throw new Error('generator returned no image');
      return img.data;
    },
    close: () => session.release(),
  };
}
