// wrangler's default module rules load `**/*.bin` as a Data module (an ArrayBuffer); the
// Workers Vitest pool applies the same rules to imports from test files.
declare module '*.bin' {
  const data: ArrayBuffer;
  export default data;
}
