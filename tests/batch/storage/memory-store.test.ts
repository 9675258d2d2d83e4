import { MemoryStore } from '#shared/storage';
import { runBlobStoreContract } from '../../contracts/blob-store.ts';

runBlobStoreContract('MemoryStore', async () => ({ store: new MemoryStore('contract') }));
