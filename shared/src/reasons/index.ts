export { reasonText } from './text.ts';
