export { R2Store, type R2StoreOptions } from './r2-store.ts';
