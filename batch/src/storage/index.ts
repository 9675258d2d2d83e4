export { TEMP_PREFIX, writeAtomically } from './atomic-write.ts';
export { FsStore } from './fs-store.ts';
export { locationUri, parseFileUri } from './fs-uri.ts';
export { openStore } from './open.ts';
export { mapS3Error } from './s3-errors.ts';
export { S3Store } from './s3-store.ts';
export { formatS3Uri, parseS3Uri, type S3Credentials, type S3StoreOptions } from './s3-uri.ts';
