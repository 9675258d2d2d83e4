export { type Services, servicesFor } from './services.ts';
