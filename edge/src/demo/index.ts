export { type DemoPageOptions, demoPage } from './page.ts';
export { encodeGreyPng } from './png.ts';
export { demoRoutes } from './route.ts';
