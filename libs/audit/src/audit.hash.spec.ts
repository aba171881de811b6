import { describe, expect, it } from '@jest/globals';
import { canonicalJson, rowHash, type HashedRowFields } from './audit.hash.js';
import { sanitizeDetails } from './audit.details.js';
import { actorFromRequest, classifyRequest, outcomeFor, routeTemplate } from './audit.http.js';

const ID = '3f2b8c4e-1d2a-4b5c-9e8f-0a1b2c3d4e5f';

describe('canonical JSON and row hashes', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: null }], c: 'é' } })).toBe('{"a":{"c":"é","d":[1,{"x":null,"z":1}]},"b":1}');
  });

  it('changes the hash when any covered field changes', () => {
    const base: HashedRowFields = {
      occurredAt: new Date('2026-11-20T01:02:03.456Z'),
      actorUserId: ID,
      actorRole: 'admin',
      sessionId: null,
      ip: null,
      userAgent: null,
      requestId: 'r1',
      action: 'case.event',
      resourceType: 'case',
      resourceId: ID,
      caseId: ID,
      outcome: 'ok',
      statusCode: 200,
      details: { a: 1 },
      chain: `case:${ID}`,
      chainSeq: 1,
      prevHash: '0'.repeat(64),
    };
    const h = rowHash(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(rowHash({ ...base, details: { a: 1 } })).toBe(h);
    expect(rowHash({ ...base, details: { a: 2 } })).not.toBe(h);
    expect(rowHash({ ...base, chainSeq: 2 })).not.toBe(h);
    expect(rowHash({ ...base, outcome: 'refused' })).not.toBe(h);
  });
});

describe('details hold ids and codes only', () => {
  it('drops personal-data keys and cuts long strings', () => {
    expect(sanitizeDetails({ personId: 'p1', FullName: 'A', email: 'x@y', list: [{ phone: '1', code: 'C' }], long: 'x'.repeat(500) })).toEqual({
      personId: 'p1',
      list: [{ code: 'C' }],
      long: 'x'.repeat(200),
    });
  });
});

describe('which HTTP requests are recorded', () => {
  it.each([
    ['GET', `/api/v1/cases/${ID}`, 'case.read'],
    ['GET', `/api/v1/cases/${ID}/events`, 'case.read'],
    ['POST', `/api/v1/cases/${ID}/events`, 'case.event'],
    ['POST', `/api/v1/cases/${ID}/events/7/corrections`, 'case.correction'],
    ['POST', '/api/v1/cases', 'case.create'],
    ['POST', '/api/v1/auth/login', 'auth.login'],
    ['PATCH', `/api/v1/organisations/${ID}`, 'organisations.patch'],
  ])('%s %s -> %s', (method, path, action) => {
    expect(classifyRequest(method, path)?.action).toBe(action);
  });

  it.each([
    ['GET', '/api/v1/cases'],
    ['GET', '/api/v1/audit'],
    ['OPTIONS', `/api/v1/cases/${ID}`],
    ['POST', '/health'],
  ])('does not record %s %s', (method, path) => {
    expect(classifyRequest(method, path)).toBeNull();
  });

  it('puts case reads on the case chain with the case id', () => {
    expect(classifyRequest('GET', `/api/v1/cases/${ID.toUpperCase()}/projection`)).toEqual({ action: 'case.read', resourceType: 'case', resourceId: ID, caseId: ID });
  });

  it('keeps values out of route templates', () => {
    expect(routeTemplate(`/api/v1/people/by-citizen-id/001099012345`)).toBe('/api/v1/people/by-citizen-id/:id');
    expect(routeTemplate(`/api/v1/cases/${ID}/events`)).toBe('/api/v1/cases/:id/events');
  });

  it('maps status codes to outcomes', () => {
    expect([200, 201, 302, 400, 403, 422, 500, 503].map(outcomeFor)).toEqual(['ok', 'ok', 'ok', 'refused', 'refused', 'refused', 'error', 'error']);
  });

  it('reads the actor from the common req.user shapes', () => {
    expect(actorFromRequest({ user: { id: ID, roles: ['inspection', { role: 'admin' }], sessionId: 's1' } })).toEqual({ userId: ID, roles: ['inspection', 'admin'], sessionId: 's1' });
    expect(actorFromRequest({ user: { sub: ID, role: 'admin', sid: 's2' } })).toEqual({ userId: ID, roles: ['admin'], sessionId: 's2' });
    expect(actorFromRequest({})).toEqual({ userId: null, roles: [], sessionId: null });
  });
});
