export { type BlobSource, readVerified } from './read.ts';
