export { encodeGreyPng } from '#shared/codec';
export { type DemoPageOptions, demoPage } from './page.ts';
export { demoRoutes } from './route.ts';
