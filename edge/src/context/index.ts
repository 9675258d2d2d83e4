export { DETACHED_SCOPE, type RequestScope } from './scope.ts';
export { type Services, servicesFor } from './services.ts';
