export { widgetEtag, widgetRoutes } from './route.ts';
