import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { seedDemoOrgs, DEMO_PASSWORD } from '../../libs/orgs/src/index.js';

/** A logged-in HTTP client over the real app. */
export interface Client {
  token: string;
  get(path: string): request.Test;
  post(path: string, body?: object, headers?: Record<string, string>): request.Test;
  put(path: string, body?: object): request.Test;
}

export async function login(app: NestExpressApplication, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200 && res.status !== 201) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return clientFor(app, res.body.accessToken as string);
}

/** An HTTP client over the real app that sends the given access token. */
export function clientFor(app: NestExpressApplication, token: string): Client {
  const server = app.getHttpServer();
  return {
    token,
    get: (path) => request(server).get(path).set('Authorization', `Bearer ${token}`),
    post: (path, body = {}, headers = {}) => request(server).post(path).set('Authorization', `Bearer ${token}`).set(headers).send(body),
    put: (path, body = {}) => request(server).put(path).set('Authorization', `Bearer ${token}`).send(body),
  };
}

export async function seedDemo(app: NestExpressApplication) {
  return seedDemoOrgs(app.get(DataSource));
}

/** Tops a body's roll of full members up to `want` (scenarios.md S-1: a cell of 15, a base committee of 8). */
export async function topUpRoll(ds: DataSource, body: string, role: 'member' | 'committeeMember', want: number): Promise<void> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM memberships WHERE body_id = $1 AND status = 'full'`, [body]);
  for (let k = n; k < want; k++) {
    const [p] = await ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, $2, '1990-01-15', 'male', 'Kinh', 'publicEmployee', 'university') RETURNING id`,
      [body, `Đảng viên bổ sung ${k + 1}`],
    );
    await ds.query(`INSERT INTO memberships (person_id, body_id, role, status, valid_from) VALUES ($1, $2, $3, 'full', '2020-01-01')`, [p.id, body, role]);
  }
}
