export { crc32 } from './crc32.ts';
export { sha256Hex, toHex, verifySha256 } from './sha256.ts';
