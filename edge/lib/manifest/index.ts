export { LastGoodManifest } from './last-good.ts';
export { type LoadedManifest, readManifest, readPointer } from './loader.ts';
export { type OpenManifestsOptions, openManifests } from './open.ts';
export {
  ManifestProvider,
  type ManifestProviderOptions,
  type ManifestState,
  type RefreshOutcome,
} from './provider.ts';
export { refreshOnSchedule } from './scheduled.ts';
