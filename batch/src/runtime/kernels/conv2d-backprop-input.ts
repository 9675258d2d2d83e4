/**
 * Conv2DBackpropInput for the WASM backend: replaces the built-in kernel, which is correct but a
 * naive loop (timings in docs/benchmarks.md, "TensorFlow.js WASM kernels"). It is both the input gradient of every conv and the forward pass of conv2dTranspose.
 *
 * dx[n,iy,ix,ci] = Σ dy[n,oy,ox,co] · W[kh,kw,ci,co] over all (oy,ox,kh,kw) with iy = oy·s−pad+kh
 *
 * as cols [M = N·outH·outW, K = kH·kW·inC] = dy [M, outC] @ Wᵀ [outC, K], followed by col2im:
 * each row of cols is scatter-added into the kH×kW window of dx it came from. Wᵀ is built in JS
 * (the filter is small) because WASM's BatchMatMul is only fast without transposes.
 */
import type { tf } from '../tf.ts';
import { type ConvAttrs, convGeometry } from './conv-geometry.ts';
import { asWasmBackend, f32, wasmMatMul } from './wasm-backend.ts';

function conv2dBackpropInput(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { inputShape: number[] };
  const g = convGeometry(attrs.inputShape, filter.shape, attrs);
  const M = g.batch * g.outH * g.outW;
  const K = g.kH * g.kW * g.inC;

  const wT = backend.makeOutput([g.outC, K], 'float32');
  {
    const w = f32(backend, filter);
    const t = f32(backend, wT);
    for (let k = 0; k < K; k++) {
      for (let co = 0; co < g.outC; co++) t[co * K + k] = w[k * g.outC + co] as number;
    }
  }
  const colsInfo = wasmMatMul(backend, dy, [M, g.outC], wT, [g.outC, K]);
  backend.disposeData(wT.dataId);

  const dxInfo = backend.makeOutput([...attrs.inputShape], 'float32');
  const dx = f32(backend, dxInfo);
  const cols = f32(backend, colsInfo);
  dx.fill(0);
  let m = 0;
  for (let n = 0; n < g.batch; n++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++, m++) {
        for (let ky = 0; ky < g.kH; ky++) {
          const iy = oy * g.strideH - g.padTop + ky;
          if (iy < 0 || iy >= g.inH) continue;
          for (let kx = 0; kx < g.kW; kx++) {
            const ix = ox * g.strideW - g.padLeft + kx;
            if (ix < 0 || ix >= g.inW) continue;
            const src = m * K + (ky * g.kW + kx) * g.inC;
            const dst = ((n * g.inH + iy) * g.inW + ix) * g.inC;
            for (let ci = 0; ci < g.inC; ci++)
              dx[dst + ci] = (dx[dst + ci] as number) + (cols[src + ci] as number);
          }
        }
      }
    }
  }
  backend.disposeData(colsInfo.dataId);
  return dxInfo;
}

export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as tf.KernelFunc,
};
