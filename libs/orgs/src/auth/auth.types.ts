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

/** The answer of a login whose user must give a TOTP code (MFA_REQUIRED_ROLES): no tokens yet. */
export interface MfaChallenge {
  mfaRequired: true;
  /** Short-lived; POST /auth/mfa with it and a code gives the tokens. Not an access token. */
  mfaToken: string;
  expiresIn: number;
  /** False: the user has no second factor yet and enrols with POST /auth/mfa/enrol first. */
  enrolled: boolean;
}

export type LoginResult = TokenPair | MfaChallenge;

export interface MfaTokenClaims {
  sub: string;
  typ: 'mfa';
  /** How the first factor was given: password or the identity provider. */
  amr: 'pwd' | 'oidc';
}

export const MFA_TOKEN_TTL_SECONDS = 300;
export const TOKEN_ISSUER = 'ket-nap';
export const TOKEN_AUDIENCE = 'ket-nap-api';
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
