/**
 * A shop's product pictures → the generator's input format: any size and encoding sharp reads
 * (PNG, JPEG, WebP, GIF, TIFF, AVIF) → RGB bytes at `side × side`.
 *
 * The whole picture is kept (`fit: contain`) on a white ground, as product shots are shown: a
 * crop would cut off the product, a stretch would distort it. Downscaling uses a Lanczos-3
 * kernel (sharp's default), which averages every source pixel instead of skipping most of them.
 * Transparent pixels are flattened onto white. sharp is native (libvips), fine in batch; the
 * edge never decodes pictures.
 */
import sharp from 'sharp';
import { AppError } from '#shared/errors';

/**
 * Decodes one picture and resamples it to `side × side` RGB (interleaved, row-major).
 *
 * @throws AppError('corrupt') when the bytes are not an image sharp can decode.
 * @example
 * const rgb = await toRgbSquare(await readFile('shoe.jpg'), 64); // 64·64·3 bytes
 */
export async function toRgbSquare(bytes: Uint8Array, side: number, name = 'image'): Promise<Uint8Array> {
  try {
    const { data, info } = await sharp(bytes)
      .rotate() // honour EXIF orientation (phone pictures)
      .flatten({ background: '#ffffff' })
      .resize(side, side, { fit: 'contain', background: '#ffffff' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.width !== side || info.height !== side || info.channels !== 3) {
      throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}`);
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new AppError('corrupt', `${name}: not a decodable picture (${why})`, { key: name, cause });
  }
}
