export { GENERATOR_TIMEOUT_MS, type GeneratorBinding, openRemoteGenerator } from './remote.ts';
