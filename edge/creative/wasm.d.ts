// wrangler's default module rules (and the Workers Vitest pool's) load `**/*.wasm` as a
// `WebAssembly.Module` compiled at deploy time: the only way workerd runs WebAssembly.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

// `*.woff` (the banner fonts, Data modules by infra/creative.wrangler.toml's `[[rules]]`) is
// declared by wrangler types in worker-configuration.d.ts.
