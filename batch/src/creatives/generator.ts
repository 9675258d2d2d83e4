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
  /** Channels of the output image: 1 grey, 3 RGB (what the manifest entry records). */
  channels: 1 | 3;
  /** Images for `inputs.count` rows: [count, side, side, channels] row-major, values in [-1, 1]. */
  generate(inputs: GeneratorInputs): Promise<Float32Array>;
  close(): Promise<void>;
}

/** noiseDim, classes, side and channels from the ONNX signature; undefined when it is not a generator's. */
function generatorShape(bytes: Uint8Array) {
  const { inputs, outputs } = onnxSignature(bytes);
  const [, noiseDim] = inputs.get('noise') ?? [];
  const [, numClasses] = inputs.get('label') ?? [];
  const [, side, side2, channels] = outputs.get('image') ?? [];
  if (typeof noiseDim !== 'number' || typeof numClasses !== 'number' || typeof side !== 'number') return;
  if (side !== side2 || (channels !== 1 && channels !== 3)) return;
  return { noiseDim, numClasses, side, channels: channels as 1 | 3 };
}

/**
 * Opens a generator exported with inputs `noise` [batch, z], `label` [batch, classes] and output
 * `image` [batch, side, side, 1 or 3] (grey or RGB); anything else is
 * `AppError('invalid_argument')`.
 *
 * @example
 * const generator = await openOnnxGenerator(onnxBytes);
 * const images = await generator.generate(generatorInputs(requests, generator.noiseDim, classes));
 */
export async function openOnnxGenerator(
  bytes: Uint8Array,
  runtime: OrtRuntime = 'web',
): Promise<OnnxGenerator> {
  const shape = generatorShape(bytes);
  if (shape === undefined) {
    throw new AppError(
      'invalid_argument',
      'generator ONNX must have inputs noise [batch, z], label [batch, classes] and output image [batch, s, s, 1 or 3]',
    );
  }
  const { noiseDim, numClasses, side, channels } = shape;
  const session = await createOnnxSession(bytes, { runtime });
  return {
    noiseDim,
    numClasses,
    imageSide: side,
    channels,
    async generate(x) {
      const out = await session.run({
        noise: { data: x.noise, dims: [x.count, noiseDim] },
        label: { data: x.label, dims: [x.count, numClasses] },
      });
      const img = out.image;
      if (!img || img.data.length !== x.count * side * side * channels)
        throw new Error('generator returned no image');
      return img.data;
    },
    close: () => session.release(),
  };
}
