export { crc32 } from './crc32.ts';
export { equalBytes, equalSecrets, hmacSha256 } from './hmac.ts';
export { sha256Hex, toHex, verifySha256 } from './sha256.ts';
