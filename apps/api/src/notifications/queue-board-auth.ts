import type { INestApplication } from '@nestjs/common';
import { AccessService, AuthService } from '#orgs';

/** Cookie a browser may carry instead of the header (set by the web UI for the board's path only). */
export const QUEUE_BOARD_COOKIE = 'kn_board_token';

function tokenOf(req: { headers: Record<string, string | string[] | undefined> }): string | null {
  const header = req.headers.authorization;
  const bearer = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
  if (bearer) return bearer[1]!;
  const cookie = typeof req.headers.cookie === 'string' ? req.headers.cookie : '';
  const match = new RegExp(`(?:^|;\\s*)${QUEUE_BOARD_COOKIE}=([A-Za-z0-9._~+/-]+=*)`).exec(cookie);
  return match ? match[1]! : null;
}

/**
 * The check in front of Bull Board (mounted outside Nest's guards by main.ts): a valid access token,
 * verified exactly like every API call (orgs AuthService: signature, expiry, live session, enabled
 * user), of a user holding the admin role today with a global scope. 401 without a valid token, 403 otherwise.
 */
export function queueBoardAuthorizer(app: INestApplication): (req: { headers: Record<string, string | string[] | undefined> }) => Promise<200 | 401 | 403> {
  const auth = app.get(AuthService);
  const access = app.get(AccessService);
  return async (req) => {
    const token = tokenOf(req);
    if (!token) return 401;
    try {
      const user = await auth.authenticate(token);
      // Jobs of every organisation: a global administrator only (a scoped one answers 403).
      return access.scopeRoots(user, ['admin']) === 'all' ? 200 : 403;
    } catch {
      return 401;
    }
  };
}
