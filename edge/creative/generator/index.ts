export {
  GENERATOR_TIMEOUT_MS,
  type GeneratorBinding,
  openRemoteGenerator,
  warmRemoteGenerator,
} from './remote.ts';
