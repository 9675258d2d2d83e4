export { createServices, type Services, servicesFor } from './services.ts';
