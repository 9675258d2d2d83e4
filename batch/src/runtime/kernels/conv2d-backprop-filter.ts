/**
 * Conv2DBackpropFilter for the WASM backend, which tfjs-backend-wasm 4.22 lacks (so any conv or
 * conv-transpose layer could not train there).
 *
 * dW[kh,kw,ci,co] = Σ_{n,oy,ox} x[n, oy·s−pad+kh, ox·s−pad+kw, ci] · dy[n,oy,ox,co]
 *
 * computed as one matrix product: colsᵀ [K = kH·kW·inC, M = N·outH·outW] @ dy [M, outC], where
 * colsᵀ is the im2col matrix of x built directly in transposed layout (WASM's BatchMatMul is only
 * fast without transposes). The product lands in [kH,kW,inC,outC] order, the filter's layout.
 */
import type { tf } from '../tf.ts';
import { type ConvAttrs, convGeometry } from './conv-geometry.ts';
import { asWasmBackend, f32, wasmMatMul } from './wasm-backend.ts';

function conv2dBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { filterShape: number[] };
  const g = convGeometry(x.shape, attrs.filterShape, attrs);
  const M = g.batch * g.outH * g.outW;
  const K = g.kH * g.kW * g.inC;

  const colsT = backend.makeOutput([K, M], 'float32');
  const cols = f32(backend, colsT);
  const xs = f32(backend, x);
  // Outer loop over the K rows so that writes are contiguous; reads of x are strided.
  for (let ky = 0; ky < g.kH; ky++) {
    for (let kx = 0; kx < g.kW; kx++) {
      for (let ci = 0; ci < g.inC; ci++) {
        let w = ((ky * g.kW + kx) * g.inC + ci) * M;
        for (let n = 0; n < g.batch; n++) {
          for (let oy = 0; oy < g.outH; oy++) {
            const iy = oy * g.strideH - g.padTop + ky;
            if (iy < 0 || iy >= g.inH) {
              cols.fill(0, w, w + g.outW);
              w += g.outW;
              continue;
            }
            const rowBase = (n * g.inH + iy) * g.inW;
            for (let ox = 0; ox < g.outW; ox++) {
              const ix = ox * g.strideW - g.padLeft + kx;
              cols[w++] = ix >= 0 && ix < g.inW ? (xs[(rowBase + ix) * g.inC + ci] as number) : 0;
            }
          }
        }
      }
    }
  }
  const dW = wasmMatMul(backend, colsT, [K, M], dy, [M, g.outC]);
  backend.disposeData(colsT.dataId);
  return { dataId: dW.dataId, shape: [...attrs.filterShape], dtype: 'float32' };
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as tf.KernelFunc,
};
