export * from './api.ts';
export * from './common.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './job-config.ts';
export * from './manifest.ts';
