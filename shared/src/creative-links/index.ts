export { itemCreativeUrl, type LibraryIndex, libraryCreativeUrl, libraryIndex } from './library.ts';
export { type CreativeLinkOptions, creativeUrl, creativeUrlFor, itemRouteUrl } from './url.ts';
