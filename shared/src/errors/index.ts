export * from './errors.ts';
export * from './result.ts';
export * from './wrap.ts';
