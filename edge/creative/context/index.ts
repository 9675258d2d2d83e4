export { type CreativeServices, creativeServicesFor } from './services.ts';
