export { ItemCards } from './cards.ts';
export { PictureHosts } from './hosts.ts';
export { fetchPhoto, MAX_PHOTO_BYTES } from './photo.ts';
export { type ItemCreative, type ItemCreativeRequest, produceItemCreative } from './produce.ts';
