import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, previousEncryptionKeys } from '#platform';
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

const COLUMNS = `w.id, w.organisation_id AS "organisationId", w.url, w.kinds::text[] AS kinds, w.active, w.created_at AS "createdAt", w.updated_at AS "updatedAt"`;

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
        const rows: { id: string; secret: string }[] = await m.query(
          `SELECT id, secret_encrypted AS secret FROM webhook_endpoints WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE`,
          [cursor, batchSize],
        );
        let n = 0;
        for (const r of rows) {
          if (!cipher.needsRotation(r.secret)) continue;
          await m.query(`UPDATE webhook_endpoints SET secret_encrypted = $2 WHERE id = $1`, [r.id, cipher.encrypt(cipher.decrypt(r.secret))]);
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
    return this.ds.query(`SELECT ${COLUMNS} FROM webhook_endpoints w ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY w.created_at, w.id`, params);
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
    const [row]: WebhookEndpointView[] = await this.ds.query(
      `INSERT INTO webhook_endpoints (organisation_id, url, secret_encrypted, kinds, created_by) VALUES ($1, $2, $3, $4::notification_kind[], $5)
       RETURNING id, organisation_id AS "organisationId", url, kinds::text[] AS kinds, active, created_at AS "createdAt", updated_at AS "updatedAt"`,
      [input.organisationId, input.url, this.cipher.encrypt(secret), input.kinds ?? null, input.createdBy ?? null],
    );
    return { ...(row as WebhookEndpointView), secret };
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
    // TypeORM answers an UPDATE on PostgreSQL with [rows, affected].
    const [[row]]: [WebhookEndpointView[], number] = await this.ds.query(
      `UPDATE webhook_endpoints w SET url = $2, active = $3, kinds = $4::notification_kind[], secret_encrypted = COALESCE($5, secret_encrypted), updated_at = now()
       WHERE w.id = $1 RETURNING ${COLUMNS}`,
      [id, input.url ?? current.url, input.active ?? current.active, input.kinds === undefined ? current.kinds : input.kinds, secret ? this.cipher.encrypt(secret) : null],
    );
    return secret ? { ...(row as WebhookEndpointView), secret } : (row as WebhookEndpointView);
  }

  /** Removing an endpoint makes its pending deliveries dead at their next attempt. */
  async remove(scope: ManageScope, id: string): Promise<void> {
    await this.get(scope, id);
    await this.ds.query(`DELETE FROM webhook_endpoints WHERE id = $1`, [id]);
  }

  async get(scope: ManageScope, id: string): Promise<WebhookEndpointView> {
    const [row]: WebhookEndpointView[] = await this.ds.query(`SELECT ${COLUMNS} FROM webhook_endpoints w WHERE w.id = $1`, [id]);
    if (!row || !(await this.manages(scope, row.organisationId))) throw new NotificationsError('NOTIFICATIONS.NOT_FOUND', message('NOTIFICATIONS.WEBHOOK_ENDPOINT_NOT_FOUND'));
    return row;
  }

  private async manages(scope: ManageScope, organisationId: string): Promise<boolean> {
    if (scope === 'all') return true;
    if (scope.length === 0) return false;
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM organisation_closure WHERE descendant_id = $1 AND ancestor_id = ANY($2::uuid[])`, [organisationId, [...scope]]);
    return rows.length > 0;
  }

  private async assertManages(scope: ManageScope, organisationId: string): Promise<void> {
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
