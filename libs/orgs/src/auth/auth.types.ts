import type { RoleGrantView } from '../users/user.service.js';

/** The user behind a request, as the global guard establishes it (grants in force today). */
export interface AuthenticatedUser {
  id: string;
  username: string;
  personId: string | null;
  /** The login session (refresh-token family); logout revokes it. */
  sessionId: string;
  grants: RoleGrantView[];
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  typ: 'access';
}

export const TOKEN_ISSUER = 'ket-nap';
export const TOKEN_AUDIENCE = 'ket-nap-api';
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
