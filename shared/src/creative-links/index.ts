export { type CreativeLinkOptions, creativeUrl, creativeUrlFor } from './url.ts';
