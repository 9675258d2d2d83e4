export { requireAdmin } from './admin.ts';
export { credentialOf } from './credential.ts';
export { accessSecrets } from './secrets.ts';
export {
  requireUserToken,
  tokenUser,
  USER_TOKEN_HEADER,
  USER_TOKEN_PARAM,
  userTokenOf,
} from './user-token.ts';
