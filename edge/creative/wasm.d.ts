// wrangler's default module rules (and the Workers Vitest pool's) load `**/*.wasm` as a
// `WebAssembly.Module` compiled at deploy time: the only way workerd runs WebAssembly.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

// infra/creative.wrangler.toml's `[[rules]]` load `**/*.woff` (the banner fonts) as Data modules.
declare module '*.woff' {
  const data: ArrayBuffer;
  export default data;
}
