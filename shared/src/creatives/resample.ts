/**
 * Image resampling with a Lanczos-3 filter (the windowed sinc image resizers default to), in
 * two separable passes. Downscaling widens the kernel by the scale factor, so every source pixel
 * contributes (no aliasing from a 1000-pixel photo squeezed into 130); upscaling a 28-pixel
 * generator image interpolates smoothly instead of repeating pixels in blocks. Weights are
 * normalised per output pixel and results rounded and clamped (the lobes overshoot at edges),
 * so the output is deterministic integers.
 */
import type { Pixels } from './pixels.ts';

const LOBES = 3;

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

function lanczos(x: number): number {
  return x > -LOBES && x < LOBES ? sinc(x) * sinc(x / LOBES) : 0;
}

/**
 * For each output coordinate: its taps' source indices (clamped: edges extend) and normalised
 * weights, `taps` per output.
 */
function weights(source: number, target: number): { index: Int32Array; taps: number; w: Float32Array } {
  const scale = source / target;
  const stretch = Math.max(1, scale); // widen the kernel when shrinking
  const support = LOBES * stretch;
  const taps = Math.ceil(support) * 2 + 1;
  const index = new Int32Array(target * taps);
  const w = new Float32Array(target * taps);
  for (let o = 0; o < target; o++) {
    const centre = (o + 0.5) * scale - 0.5; // pixel centres, as image resizers map them
    const first = Math.floor(centre - support) + 1;
    let sum = 0;
    for (let t = 0; t < taps; t++) {
      const v = lanczos((first + t - centre) / stretch);
      index[o * taps + t] = Math.min(source - 1, Math.max(0, first + t));
      w[o * taps + t] = v;
      sum += v;
    }
    for (let t = 0; t < taps; t++) w[o * taps + t] = (w[o * taps + t] as number) / sum;
  }
  return { index, taps, w };
}

/** One pass along x (horizontal) of `src` (float RGBA, `sw`×`h`) to width `tw`. */
function passX(src: Float32Array, sw: number, h: number, tw: number): Float32Array {
  const { index, taps, w } = weights(sw, tw);
  const out = new Float32Array(tw * h * 4);
  for (let y = 0; y < h; y++) {
    const row = y * sw;
    for (let o = 0; o < tw; o++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let t = o * taps, end = t + taps; t < end; t++) {
        const k = w[t] as number;
        const i = (row + (index[t] as number)) * 4;
        r += (src[i] as number) * k;
        g += (src[i + 1] as number) * k;
        b += (src[i + 2] as number) * k;
        a += (src[i + 3] as number) * k;
      }
      const j = (y * tw + o) * 4;
      out[j] = r;
      out[j + 1] = g;
      out[j + 2] = b;
      out[j + 3] = a;
    }
  }
  return out;
}

/** Transposes float RGBA `w`×`h` to `h`×`w`, so the vertical pass can reuse `passX`. */
function transpose(src: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const j = (x * h + y) * 4;
      out[j] = src[i] as number;
      out[j + 1] = src[i + 1] as number;
      out[j + 2] = src[i + 2] as number;
      out[j + 3] = src[i + 3] as number;
    }
  }
  return out;
}

/**
 * `p` resampled to `width`×`height` with Lanczos-3 (a shrink by 4× or more averages integer
 * blocks first: boxReduce).
 *
 * @example
 * const box = resample(tint(image, 28, paper, ink), 130, 130);
 */
export function resample(p: Pixels, width: number, height: number): Pixels {
  if (p.width === width && p.height === height) return p;
  const k = Math.floor(Math.min(p.width / width, p.height / height) / 2);
  if (k >= 2) return lanczos3(boxReduce(p, k), width, height);
  return lanczos3(p, width, height);
}

/**
 * `p` shrunk by `k` in each direction by averaging k×k blocks (the blocks of the last row and
 * column may be smaller): exact area averaging, a proper low-pass for an integer factor, before
 * Lanczos does the remaining 2–4× (the "reducing gap" of 2 image libraries such as Pillow use:
 * indistinguishable from Lanczos over the whole photo). A 600² photo into a 112² box: 8 ms
 * instead of 17 warm, and far less on a cold isolate (docs/benchmarks.md).
 */
function boxReduce(p: Pixels, k: number): Pixels {
  const width = Math.ceil(p.width / k);
  const height = Math.ceil(p.height / k);
  const src = p.data;
  const data = new Uint8Array(width * height * 4);
  const sums = new Uint32Array(width * 4); // one row of blocks at a time
  for (let by = 0; by < height; by++) {
    sums.fill(0);
    const rows = Math.min(k, p.height - by * k);
    for (let y = by * k; y < by * k + rows; y++) {
      let i = y * p.width * 4;
      for (let bx = 0, o = 0; bx < width; bx++, o += 4) {
        const end = i + Math.min(k, p.width - bx * k) * 4;
        let r = 0;
        let g = 0;
        let b = 0;
        let a = 0;
        for (; i < end; i += 4) {
          r += src[i] as number;
          g += src[i + 1] as number;
          b += src[i + 2] as number;
          a += src[i + 3] as number;
        }
        sums[o] = (sums[o] as number) + r;
        sums[o + 1] = (sums[o + 1] as number) + g;
        sums[o + 2] = (sums[o + 2] as number) + b;
        sums[o + 3] = (sums[o + 3] as number) + a;
      }
    }
    for (let bx = 0, o = 0; bx < width; bx++, o += 4) {
      const n = rows * Math.min(k, p.width - bx * k);
      const at = (by * width + bx) * 4;
      for (let c = 0; c < 4; c++) data[at + c] = Math.round((sums[o + c] as number) / n);
    }
  }
  return { width, height, data };
}

/** `p` resampled to `width`×`height` with Lanczos-3 in two separable passes. */
function lanczos3(p: Pixels, width: number, height: number): Pixels {
  // The typed-array constructor converts natively (Float32Array.from iterates: ~10× slower on a photo).
  const horizontal = passX(new Float32Array(p.data), p.width, p.height, width);
  const vertical = passX(transpose(horizontal, width, p.height), p.height, width, height);
  const back = transpose(vertical, height, width);
  const data = new Uint8Array(back.length);
  for (let i = 0; i < back.length; i++) data[i] = Math.min(255, Math.max(0, Math.round(back[i] as number)));
  return { width, height, data };
}

/**
 * One channel of 8-bit samples (`sw`×`sh`, row-major) resampled to `tw`×`th` with the same
 * Lanczos-3 weights as `resample`: a grey generator image is resampled once, not as four equal
 * channels, and tinted after (picture.ts).
 *
 * @example
 * const levels = resampleGrey(grey, 28, 28, 112, 112);
 */
export function resampleGrey(src: Uint8Array, sw: number, sh: number, tw: number, th: number): Uint8Array {
  const x = weights(sw, tw);
  const y = weights(sh, th);
  // Horizontal pass into float rows (as `resample` keeps its passes in Float32Array).
  const rows = new Float32Array(tw * sh);
  for (let r = 0; r < sh; r++) {
    for (let o = 0; o < tw; o++) {
      let sum = 0;
      for (let t = o * x.taps, end = t + x.taps; t < end; t++)
        sum += (src[r * sw + (x.index[t] as number)] as number) * (x.w[t] as number);
      rows[r * tw + o] = sum;
    }
  }
  const out = new Uint8Array(tw * th);
  for (let o = 0; o < th; o++) {
    for (let c = 0; c < tw; c++) {
      let sum = 0;
      for (let t = o * y.taps, end = t + y.taps; t < end; t++)
        sum += (rows[(y.index[t] as number) * tw + c] as number) * (y.w[t] as number);
      out[o * tw + c] = Math.min(255, Math.max(0, Math.round(sum)));
    }
  }
  return out;
}
