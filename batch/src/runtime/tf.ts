/**
 * The one module that chooses the TensorFlow.js backend. Everything in batch/ imports `tf`
 * from here, never from '@tensorflow/tfjs*' directly.
 *
 * Order: tfjs-node-gpu (CUDA, in the batch container) → tfjs-node (native CPU) → WASM →
 * pure-JS `cpu`. The native packages are optional dependencies: their install script downloads
 * libtensorflow, which only works where there is a network (the container build). When their
 * binding does not load we fall back, and say which backend runs in every log and benchmark.
 *
 * The pure-JS `cpu` backend is orders of magnitude too slow for training (gradients of gather and
 * conv2d take minutes per step), so it is refused unless a caller opts in explicitly.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerWasmKernels } from './wasm-kernels.ts';

export { tf };

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
  name: BackendName;
  /** Why each earlier choice was skipped, for logs. */
  skipped: string[];
}

export interface InitOptions {
  /** Force one backend (env VITRINE_TF_BACKEND does the same). */
  backend?: BackendName;
  /** Allow the pure-JS backend as a last resort (tests of tiny graphs only). */
  allowCpu?: boolean;
}

let ready: Promise<BackendInfo> | undefined;

/** Initialises the backend once per process; later calls return the same answer. */
export function initTf(options: InitOptions = {}): Promise<BackendInfo> {
  ready ??= chooseBackend(options);
  return ready;
}

async function chooseBackend(options: InitOptions): Promise<BackendInfo> {
  const forced = options.backend ?? (process.env.VITRINE_TF_BACKEND as BackendName | undefined);
  const order: BackendName[] = forced ? [forced] : ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
  const skipped: string[] = [];
  for (const name of order) {
    if (name === 'cpu' && !options.allowCpu && !forced) {
      skipped.push('cpu: refused (too slow for training; pass allowCpu to use it)');
      continue;
    }
    const why = await tryBackend(name);
    if (why === undefined) return { name, skipped };
    skipped.push(`${name}: ${why}`);
  }
  throw new Error(`no TensorFlow.js backend could start:\n  ${skipped.join('\n  ')}`);
}

/** Returns undefined when the backend is active, else the reason it is not. */
async function tryBackend(name: BackendName): Promise<string | undefined> {
  try {
    switch (name) {
      case 'tensorflow-gpu': {
        const missing = missingNativeBinding('@tensorflow/tfjs-node-gpu');
        if (missing) return missing;
        // Registers the 'tensorflow' backend (CUDA build) on the same tfjs-core instance.
        await import('@tensorflow/tfjs-node-gpu');
        break;
      }
      case 'tensorflow': {
        const missing = missingNativeBinding('@tensorflow/tfjs-node');
        if (missing) return missing;
        await import('@tensorflow/tfjs-node');
        break;
      }
      case 'wasm':
        await import('@tensorflow/tfjs-backend-wasm');
        registerWasmKernels();
        break;
      case 'cpu':
        break;
    }
    const tfName = name === 'tensorflow-gpu' ? 'tensorflow' : name;
    if (!(await tf.setBackend(tfName))) return 'setBackend returned false';
    await tf.ready();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

/**
 * Checks for the native addon before importing: a failed import of tfjs-node has already
 * registered its kernels, and a second attempt floods the log with "already registered".
 */
function missingNativeBinding(pkg: string): string | undefined {
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return 'package not installed (optional dependency)';
  }
  const binding = join(root, 'lib', 'napi-v8', 'tfjs_binding.node');
  return existsSync(binding)
    ? undefined
    : `native binding missing (${binding}); its install script downloads libtensorflow`;
}
