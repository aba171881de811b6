import bcrypt from 'bcryptjs';

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
    return `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự / the password must have at least ${PASSWORD_MIN_LENGTH} characters`;
  if (Buffer.byteLength(password, 'utf8') > 72) return 'Mật khẩu tối đa 72 byte / the password may have at most 72 bytes';
  return null;
}
