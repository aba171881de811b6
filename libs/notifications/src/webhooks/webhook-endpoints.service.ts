import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, kyselyFor, previousEncryptionKeys } from '#platform';
import type { NotificationsDatabase } from '../database.js';
import { NotificationsError } from '../errors.js';
import { NOTIFICATION_KINDS, type NotificationKind } from '../notification.types.js';
import { SecretCipher } from './secret-cipher.js';
import { message } from '#messages';

export interface WebhookEndpointView {
  id: string;
  organisationId: string;
  url: string;
  kinds: NotificationKind[] | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Organisation subtrees the caller manages: 'all' for a global admin, else the roots of its grants. */
export type ManageScope = 'all' | readonly string[];

/** An endpoint as WebhookEndpointView names it. `kinds` is cast: pg answers an array of an enum as its text. */
const COLUMNS = [
  'id',
  'organisation_id as organisationId',
  'url',
  sql<NotificationKind[] | null>`kinds::text[]`.as('kinds'),
  'active',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;
/** The same, for the one raw query left (list: a cross-owner read). */
const RAW_COLUMNS = `w.id, w.organisation_id AS "organisationId", w.url, w.kinds::text[] AS kinds, w.active, w.created_at AS "createdAt", w.updated_at AS "updatedAt"`;

/** Per-organisation webhook endpoints. The secret is stored encrypted and shown only when created or rotated. */
@Injectable()
export class WebhookEndpointsService {
  private readonly cipher: SecretCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    config: AppConfig,
  ) {
    this.cipher = new SecretCipher(config.DATA_ENCRYPTION_KEY, previousEncryptionKeys(config));
  }

  private get db() {
    return kyselyFor<NotificationsDatabase>(this.ds);
  }

  /**
   * Key rotation (`keys:rotate`): re-encrypt, in batches of `batchSize` rows (one transaction each,
   * rows locked), every secret not yet under `toKey`, reading it with any of `fromKeys`. Restartable:
   * a value already under `toKey` is left alone. Returns how many values were rewritten.
   */
  static async rotateSecrets(
    ds: DataSource,
    keys: { toKey: string; fromKeys: readonly string[] },
    batchSize = 200,
    onBatch?: (rewritten: number) => void,
  ): Promise<number> {
    const cipher = new SecretCipher(keys.toKey, keys.fromKeys);
    let cursor = '00000000-0000-0000-0000-000000000000';
    let rewritten = 0;
    for (;;) {
      const batch = await ds.transaction(async (m: EntityManager) => {
        const tx = kyselyFor<NotificationsDatabase>(m);
        const rows = await tx
          .selectFrom('webhook_endpoints')
          .select(['id', 'secret_encrypted as secret'])
          .where('id', '>', cursor)
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .execute();
        let n = 0;
        for (const r of rows) {
          if (!cipher.needsRotation(r.secret)) continue;
          await tx
            .updateTable('webhook_endpoints')
            .set({ secret_encrypted: cipher.encrypt(cipher.decrypt(r.secret)) })
            .where('id', '=', r.id)
            .execute();
          n++;
        }
        return { last: rows.at(-1)?.id ?? null, n };
      });
      rewritten += batch.n;
      onBatch?.(batch.n);
      if (!batch.last) return rewritten;
      cursor = batch.last;
    }
  }

  async list(scope: ManageScope, organisationId?: string): Promise<WebhookEndpointView[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (scope !== 'all') where.push(`w.organisation_id IN (SELECT descendant_id FROM organisation_closure WHERE ancestor_id = ANY($${params.push([...scope])}::uuid[]))`);
    if (organisationId) {
      // An organisation outside the caller's scope is 404, like an endpoint outside it.
      if (!(await this.manages(scope, organisationId))) throw new NotificationsError('NOTIFICATIONS.NOT_FOUND', message('COMMON.ORGANISATION_NOT_FOUND'));
      where.push(`w.organisation_id = $${params.push(organisationId)}`);
    }
    // eslint-disable-next-line no-restricted-syntax -- cross-owner read when scoped (organisation_closure of libs/orgs), ADR 0004 stage 3
    return this.ds.query(`SELECT ${RAW_COLUMNS} FROM webhook_endpoints w ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY w.created_at, w.id`, params);
  }

  async create(
    scope: ManageScope,
    input: { organisationId: string; url: string; secret?: string; kinds?: NotificationKind[] | null; createdBy?: string | null },
  ): Promise<WebhookEndpointView & { secret: string }> {
    await this.assertManages(scope, input.organisationId);
    checkUrl(input.url);
    checkKinds(input.kinds);
    const secret = input.secret ?? randomBytes(32).toString('base64url');
    if (secret.length < 16) throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.SECRET_TOO_SHORT_16_CHARACTERS'));
    const row: WebhookEndpointView = await this.db
      .insertInto('webhook_endpoints')
      .values({
        organisation_id: input.organisationId,
        url: input.url,
        secret_encrypted: this.cipher.encrypt(secret),
        kinds: input.kinds ?? null,
        created_by: input.createdBy ?? null,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return { ...row, secret };
  }

  async update(
    scope: ManageScope,
    id: string,
    input: { url?: string; active?: boolean; kinds?: NotificationKind[] | null; rotateSecret?: boolean },
  ): Promise<WebhookEndpointView & { secret?: string }> {
    const current = await this.get(scope, id);
    if (input.url !== undefined) checkUrl(input.url);
    checkKinds(input.kinds);
    const secret = input.rotateSecret ? randomBytes(32).toString('base64url') : undefined;
    const row: WebhookEndpointView | undefined = await this.db
      .updateTable('webhook_endpoints')
      .set({
        url: input.url ?? current.url,
        active: input.active ?? current.active,
        kinds: input.kinds === undefined ? current.kinds : input.kinds,
        ...(secret ? { secret_encrypted: this.cipher.encrypt(secret) } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirst();
    // Removed between the read above and this update.
    if (!row) throw new NotificationsError('NOTIFICATIONS.NOT_FOUND', message('NOTIFICATIONS.WEBHOOK_ENDPOINT_NOT_FOUND'));
    return secret ? { ...row, secret } : row;
  }

  /** Removing an endpoint makes its pending deliveries dead at their next attempt. */
  async remove(scope: ManageScope, id: string): Promise<void> {
    await this.get(scope, id);
    await this.db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
  }

  async get(scope: ManageScope, id: string): Promise<WebhookEndpointView> {
    const row: WebhookEndpointView | undefined = await this.db.selectFrom('webhook_endpoints').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row || !(await this.manages(scope, row.organisationId))) throw new NotificationsError('NOTIFICATIONS.NOT_FOUND', message('NOTIFICATIONS.WEBHOOK_ENDPOINT_NOT_FOUND'));
    return row;
  }

  private async manages(scope: ManageScope, organisationId: string): Promise<boolean> {
    if (scope === 'all') return true;
    if (scope.length === 0) return false;
    // eslint-disable-next-line no-restricted-syntax -- cross-owner read (organisation_closure of libs/orgs), ADR 0004 stage 3
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM organisation_closure WHERE descendant_id = $1 AND ancestor_id = ANY($2::uuid[])`, [organisationId, [...scope]]);
    return rows.length > 0;
  }

  private async assertManages(scope: ManageScope, organisationId: string): Promise<void> {
    // eslint-disable-next-line no-restricted-syntax -- cross-owner read (organisations of libs/orgs), ADR 0004 stage 3
    const exists: unknown[] = await this.ds.query(`SELECT 1 FROM organisations WHERE id = $1`, [organisationId]);
    // Outside the caller's subtree and absent alike: existence never leaks.
    if (exists.length === 0 || !(await this.manages(scope, organisationId)))
      throw new NotificationsError('NOTIFICATIONS.NOT_FOUND', message('COMMON.ORGANISATION_NOT_FOUND'));
  }
}

function checkUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.INVALID_URL'));
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.URL_MUST_HTTP_S'));
  if (u.username || u.password) throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.URL_MUST_NOT_CARRY_CREDENTIALS'));
}

function checkKinds(kinds: readonly string[] | null | undefined): void {
  if (kinds && kinds.some((k) => !(NOTIFICATION_KINDS as readonly string[]).includes(k)))
    throw new NotificationsError('NOTIFICATIONS.INVALID', message('NOTIFICATIONS.UNKNOWN_NOTIFICATION_KIND'));
}
