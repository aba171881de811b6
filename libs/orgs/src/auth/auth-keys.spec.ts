import { describe, expect, it } from '@jest/globals';
import jsonwebtoken from 'jsonwebtoken';
import { createJwtService, tokenKey } from './auth.service.js';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth.types.js';

const SECRET = 'unit-secret-unit-secret-unit-secret-0123';

describe('access token key (issue 20: a KeyObject, HS256 only)', () => {
  it('is a secret KeyObject made once per secret', () => {
    const key = tokenKey(SECRET);
    expect(key.type).toBe('secret');
    expect(key.symmetricKeySize).toBe(Buffer.byteLength(SECRET));
    expect(tokenKey(SECRET)).toBe(key);
  });

  it('verifies tokens signed with the plain secret (tokens issued before the change stay valid) and signs HS256', async () => {
    const jwt = createJwtService({ AUTH_TOKEN_SECRET: SECRET });
    const old = jsonwebtoken.sign({ sub: 'u', sid: 's', typ: 'access' }, SECRET, { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    await expect(jwt.verifyAsync(old)).resolves.toMatchObject({ sub: 'u' });
    const fresh = await jwt.signAsync({ sub: 'v', sid: 's', typ: 'access' });
    expect(JSON.parse(Buffer.from(fresh.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
    expect(jsonwebtoken.verify(fresh, SECRET, { algorithms: ['HS256'] })).toMatchObject({ sub: 'v' });
  });

  it('refuses another algorithm and another key', async () => {
    const jwt = createJwtService({ AUTH_TOKEN_SECRET: SECRET });
    const hs512 = jsonwebtoken.sign({ sub: 'u' }, SECRET, { algorithm: 'HS512', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    await expect(jwt.verifyAsync(hs512)).rejects.toThrow();
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE })).toString('base64url')}.`;
    await expect(jwt.verifyAsync(none)).rejects.toThrow();
    const other = createJwtService({ AUTH_TOKEN_SECRET: 'other-secret-other-secret-other-secret-01' });
    await expect(jwt.verifyAsync(await other.signAsync({ sub: 'u' }))).rejects.toThrow();
  });
});
