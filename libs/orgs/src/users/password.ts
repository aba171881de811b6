import bcrypt from 'bcryptjs';
import { message } from '#messages';

export const BCRYPT_COST = 12;
export const PASSWORD_MIN_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

let dummy: Promise<string> | undefined;
/** A hash to compare against when the user does not exist, so timing does not reveal it. */
export function dummyHash(): Promise<string> {
  dummy ??= bcrypt.hash('no-such-user-dummy-password', BCRYPT_COST);
  return dummy;
}

/** Returns a bilingual problem, or null when the password is acceptable. */
export function passwordProblem(password: string): string | null {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH)
    return message('ORGS.PASSWORD_MUST_HAVE_AT_LEAST', { PASSWORD_MIN_LENGTH });
  if (Buffer.byteLength(password, 'utf8') > 72) return message('ORGS.PASSWORD_MAY_HAVE_AT_MOST');
  return null;
}
