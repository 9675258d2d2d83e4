/**
 * The manifest's generator as the generator Worker runs it: an ONNX session with inputs `noise`
 * [batch, noiseDim] and `label` [batch, categories] and output `image` [batch, side, side, channels]
 * (the contract of batch/src/models/gan/generator.ts and the exporter; side and channels from
 * the manifest entry — 1 grey or 3 RGB — with the channels read from the model's output for
 * entries published before they were recorded), fed by the shared `generatorInputs`, so
 * "category c, seed s" is the same image here and in the batch library.
 *
 * Runs are serialised: onnxruntime-web runs one thread per isolate anyway, and a session must
 * not be released while a run on it is still queued.
 */
import { generatorInputs } from '#shared/creatives';
import { AppError } from '#shared/errors';
import type { GeneratorSection } from '#shared/schemas';
import type { CreativeGenerator } from '../lib/index.ts';
import { createSession, type OnnxSession } from './backend.ts';

function checkSignature(session: OnnxSession): void {
  const has = (names: readonly string[], name: string) => names.includes(name);
  if (
    !has(session.inputNames, 'noise') ||
    !has(session.inputNames, 'label') ||
    !has(session.outputNames, 'image')
  ) {
    throw new AppError(
      'corrupt',
      `generator must have inputs noise, label and output image; it has [${session.inputNames}] → [${session.outputNames}]`,
    );
  }
}

/**
 * Opens the generator ONNX `bytes` described by `section`. Bytes onnxruntime rejects, or a model
 * with other inputs/outputs, are `corrupt`.
 *
 * @example
 * const g = await openGenerator(onnx, manifest.generator);
 * const [image] = await g.generate([{ category: 'bag', seed: 7 }]);
 */
export async function openGenerator(
  bytes: Uint8Array,
  section: GeneratorSection,
): Promise<CreativeGenerator> {
  const session = await createSession(bytes);
  try {
    checkSignature(session);
  } catch (error) {
    await session.release();
    throw error;
  }
  const { noiseDim, categories, imageSize: side } = section;
  const declared = section.channels;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    sha256: section.onnx.sha256,
    imageSide: side,
    generate(requests) {
      return serial(async () => {
        const x = generatorInputs(requests, noiseDim, categories);
        const { image } = await session.run({
          noise: { data: x.noise, dims: [x.count, noiseDim] },
          label: { data: x.label, dims: [x.count, categories.length] },
        });
        const channels = channelsOf(image?.dims, x.count, side, declared);
        if (image === undefined || channels === undefined) {
          throw new AppError(
            'corrupt',
            `generator output is [${image?.dims}], expected [${x.count}, ${side}, ${side}, ${declared ?? '1 or 3'}]`,
          );
        }
        const n = side * side * channels;
        return requests.map((_, i) => image.data.slice(i * n, (i + 1) * n));
      });
    },
    release: () => serial(() => session.release()),
  };
}

/** The output's channels when its dims are [count, side, side, 1|3] (and match `declared`). */
function channelsOf(
  dims: readonly number[] | undefined,
  count: number,
  side: number,
  declared: 1 | 3 | undefined,
): 1 | 3 | undefined {
  if (dims?.length !== 4 || dims[0] !== count || dims[1] !== side || dims[2] !== side) return undefined;
  const c = dims[3];
  if (c !== 1 && c !== 3) return undefined;
  return declared === undefined || declared === c ? c : undefined;
}
