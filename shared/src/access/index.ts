export { signUserToken, verifyUserToken } from './user-token.ts';
