export { bucketOf, fnv1a32 } from './fnv.ts';
