import { BUNDLED_DIR, type ImageSet, loadFashionMnist } from '../../../batch/src/data/fashion-mnist.ts';
import { initTf } from '../../../batch/src/runtime/tf.ts';

/** The WASM backend initialised and the first `count` bundled Fashion-MNIST training images (small GAN runs). */
export async function tinyFashion(count: number): Promise<ImageSet> {
  await initTf({ backend: 'wasm' });
  const full = loadFashionMnist(BUNDLED_DIR).train;
  return {
    ...full,
    count,
    images: full.images.subarray(0, count * 784),
    labels: full.labels.subarray(0, count),
  };
}
