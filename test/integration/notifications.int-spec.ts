import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { OrganisationConfigService, OrganisationService, UserService } from '../../libs/orgs/src/index.js';
import { DeliveryService, EmailChannel, InboxService, NotificationsService, RecipientsRepository, audienceFor, verifyWebhook } from '../../libs/notifications/src/index.js';
import { QueueGateway } from '../../libs/scheduling/src/index.js';
import { testConfig } from '../support/config.js';
import { startNotificationWorker, startNotificationsStack, startSmtpSink, startWebhookReceiver, waitFor, type NotificationsStack } from '../support/notifications.js';

const PASSWORD = 'correct-horse-battery';
const FROM = '2020-01-01';

jest.setTimeout(30_000);

describe('notifications: inbox, email, signed webhooks, retries, digest, operators', () => {
  let s: NotificationsStack;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let okStatus = 200;
  let ds: DataSource;
  let notifications: NotificationsService;
  let deliveries: DeliveryService;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  let cell: string, base: string, province: string, otherCell: string;
  let okSecret: string;
  const http = () => request(s.app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    hooks = await startWebhookReceiver((path) => (path === '/fail' ? 500 : path === '/flaky' ? okStatus : 200));
    s = await startNotificationsStack({ SMTP_URL: smtp.url, SMTP_FROM: 'Hệ thống <kn@example.org>', NOTIFY_RETRY_BASE_MS: '50', NOTIFY_MAX_ATTEMPTS: '3' });
    ds = s.app.get(DataSource);
    notifications = s.app.get(NotificationsService);
    deliveries = s.worker.get(DeliveryService);
    const orgs = s.app.get(OrganisationService);
    province = (await orgs.create({ code: 'T', name: 'Tỉnh ủy', kind: 'provincialCommittee', validFrom: FROM })).id;
    base = (await orgs.create({ code: 'DU', name: 'Đảng ủy xã', kind: 'baseCommittee', parentId: province, validFrom: FROM })).id;
    cell = (await orgs.create({ code: 'CB1', name: 'Chi bộ thôn 1', kind: 'cell', parentId: base, validFrom: FROM })).id;
    otherCell = (await orgs.create({ code: 'CB2', name: 'Chi bộ thôn 2', kind: 'cell', parentId: base, validFrom: FROM })).id;
    await s.app.get(OrganisationConfigService).setCompetence({ organisationId: base, competentCommitteeId: base, body: 'delegatedBaseCommittee', supervisorId: province, validFrom: FROM });
    const users = s.app.get(UserService);
    const [person] = await ds.query(
      `INSERT INTO people (organisation_id, full_name, birth_date, sex, ethnicity, occupation, education_level)
       VALUES ($1, 'Người Giúp Đỡ', '1980-01-01', 'male', 'Kinh', 'farmer', 'upperSecondary') RETURNING id`,
      [cell],
    );
    const make = async (name: string, role: 'cellCommittee' | 'organisationDepartment' | 'admin' | null, org: string | null, personId?: string) => {
      ids[name] = (await users.create({ username: name, password: PASSWORD, personId: personId ?? null })).id;
      if (role) await users.grant({ userId: ids[name]!, role, organisationId: org, validFrom: FROM });
      tokens[name] = (await http().post('/api/v1/auth/login').send({ username: name, password: PASSWORD }).expect(200)).body.accessToken;
    };
    await make('cc1', 'cellCommittee', cell);
    await make('cc2', 'cellCommittee', cell);
    await make('cc3', 'cellCommittee', otherCell);
    await make('odept', 'organisationDepartment', province);
    await make('admin1', 'admin', null);
    await make('helper', null, null, person.id);
    ids.helperPerson = person.id;
    const inbox = s.app.get(InboxService);
    await inbox.setPreferences(ids.cc1!, { email: 'cc1@example.org', emailMode: 'immediate' });
    await inbox.setPreferences(ids.cc2!, { email: 'cc2@example.org', emailMode: 'dailyDigest' });
    const created = await http()
      .post('/api/v1/admin/webhook-endpoints')
      .set(as('odept'))
      .send({ organisationId: base, url: `${hooks.base}/ok`, kinds: ['reminder', 'escalation'] })
      .expect(201);
    okSecret = created.body.secret;
    await startNotificationWorker(s.worker, 2);
  }, 60_000);

  afterAll(async () => {
    await s?.close();
    await smtp?.close();
    await hooks?.close();
  });

  const reminder = (key: string, extra: Record<string, string> = {}) => ({
    recipients: { organisationId: cell, roles: ['cellCommittee' as const] },
    idempotencyKey: key,
    event: {
      kind: 'reminder' as const,
      caseId: '00000000-0000-4000-8000-000000000001',
      template: 'deadline.reminder',
      params: { timerVi: 'Quyết định kết nạp', timerEn: 'Admission decision', dueDate: '2026-12-15', subjectName: 'Nguyễn Văn A', ...extra },
    },
  });

  it('writes nothing when the caller rolls back, and enqueues only after the caller commits', async () => {
    await expect(
      ds.transaction(async (em) => {
        await notifications.notify(reminder('tx-rolled-back'), em);
        throw new Error('transition refused');
      }),
    ).rejects.toThrow('transition refused');
    expect(await ds.query(`SELECT 1 FROM notifications WHERE idempotency_key = 'tx-rolled-back'`)).toHaveLength(0);

    const planned = await ds.transaction((em) => notifications.notify(reminder('tx-1'), em));
    expect(planned.userIds.sort()).toEqual([ids.cc1, ids.cc2].sort());
    expect(planned.notificationIds).toHaveLength(2);
    // cc1: immediate email; cc2: digest (no immediate email); the base committee's webhook (an ancestor of the cell).
    const rows: { channel: string; target: string; status: string }[] = await ds.query(
      `SELECT channel, target, status FROM deliveries WHERE id = ANY($1::uuid[]) ORDER BY channel`,
      [planned.deliveryIds],
    );
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ['email', 'pending'],
      ['webhook', 'pending'],
    ]);
    expect(rows[0]!.target).toBe('cc1@example.org');
    await notifications.enqueue(planned.deliveryIds);
    const mail = await waitFor('the email', async () => smtp.messages.find((m) => m.header('X-KN-Delivery-Id') === 'tx-1:email:' + ids.cc1));
    expect(mail.to).toEqual(['cc1@example.org']);
    const text = mail.text();
    expect(text.indexOf('Nhắc hạn: Quyết định kết nạp đến hạn ngày 15/12/2026')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('Reminder: Admission decision due on 2026-12-15')).toBeGreaterThan(text.indexOf('Nhắc hạn'));
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);

    const hook = await waitFor('the webhook', async () => hooks.calls.find((c) => c.path === '/ok' && c.headers['x-kn-delivery-id'] === `tx-1:webhook:${rows[1]!.target}`));
    const ts = String(hook.headers['x-kn-timestamp']);
    expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThan(60);
    expect(verifyWebhook(okSecret, ts, hook.body, String(hook.headers['x-kn-signature']))).toBe(true);
    expect(verifyWebhook('another-secret-entirely', ts, hook.body, String(hook.headers['x-kn-signature']))).toBe(false);
    expect(JSON.parse(hook.body)).toMatchObject({ kind: 'reminder', title: { vi: expect.stringContaining('Nhắc hạn'), en: expect.stringContaining('Reminder') } });
    await waitFor('both sent', async () => {
      const st: { status: string }[] = await ds.query(`SELECT status FROM deliveries WHERE id = ANY($1::uuid[])`, [planned.deliveryIds]);
      return st.every((r) => r.status === 'sent');
    });
  });

  it('sends each message exactly once even when the job runs twice, and a repeated notify adds nothing', async () => {
    const again = await notifications.notify(reminder('tx-1'));
    expect(again).toMatchObject({ notificationIds: [], deliveryIds: [] });

    const before = smtp.messages.length;
    const planned = await ds.transaction((em) => notifications.notify(reminder('twice'), em));
    const emailId = (await ds.query(`SELECT id FROM deliveries WHERE id = ANY($1::uuid[]) AND channel = 'email'`, [planned.deliveryIds]))[0].id as string;
    // Two concurrent runs of the same delivery (a stalled job re-run), then two more jobs through Redis.
    const outcomes = await Promise.all([deliveries.deliver(emailId), deliveries.deliver(emailId)]);
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    const queue = s.app.get(QueueGateway);
    await queue.add('notification.deliver', { deliveryId: emailId }, { jobId: `dup-a-${emailId}` });
    await queue.add('notification.deliver', { deliveryId: emailId }, { jobId: `dup-b-${emailId}` });
    await notifications.enqueue(planned.deliveryIds);
    await waitFor('queue drained', async () => {
      const c = await queue.counts();
      return (c.waiting ?? 0) + (c.active ?? 0) === 0;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.filter((m) => m.header('X-KN-Delivery-Id') === `twice:email:${ids.cc1}`)).toHaveLength(1);
    expect(smtp.messages.length - before).toBe(1);
  });

  it('a failing webhook (HTTP 500) neither stops the inbox nor the email, retries with backoff and ends dead', async () => {
    const created = await http().post('/api/v1/admin/webhook-endpoints').set(as('admin1')).send({ organisationId: cell, url: `${hooks.base}/fail` }).expect(201);
    const result = await notifications.notify(reminder('with-failing-hook'));
    expect(result.deliveryIds).toHaveLength(3);
    const failing: string = (await ds.query(`SELECT id FROM deliveries WHERE target = $1 AND idempotency_key LIKE 'with-failing-hook:%'`, [created.body.id]))[0].id;
    await waitFor('email sent', async () => smtp.messages.find((m) => m.header('X-KN-Delivery-Id') === `with-failing-hook:email:${ids.cc1}`));
    const dead = await waitFor('webhook dead', async () => {
      const [row] = await ds.query(`SELECT status, attempts, last_error FROM deliveries WHERE id = $1`, [failing]);
      return row.status === 'dead' ? row : null;
    });
    expect(dead).toMatchObject({ attempts: 3, last_error: 'webhook answered HTTP 500' });
    expect(hooks.calls.filter((c) => c.path === '/fail')).toHaveLength(3);
    const inbox = await http().get('/api/v1/notifications?unread=true').set(as('cc1')).expect(200);
    expect(inbox.body.items.map((i: { title: { vi: string } }) => i.title.vi)).toContain('Nhắc hạn: Quyết định kết nạp đến hạn ngày 15/12/2026');
    const statuses: { status: string; channel: string; target: string }[] = await ds.query(
      `SELECT status, channel, target FROM deliveries WHERE idempotency_key LIKE 'with-failing-hook:%' ORDER BY channel, target`,
    );
    expect(statuses.filter((r) => r.status === 'sent')).toHaveLength(2);
    await http().delete(`/api/v1/admin/webhook-endpoints/${created.body.id}`).set(as('admin1')).expect(204);
  });

  it('lists dead deliveries for administrators only and retries one', async () => {
    const ep = await http().post('/api/v1/admin/webhook-endpoints').set(as('admin1')).send({ organisationId: otherCell, url: `${hooks.base}/flaky` }).expect(201);
    okStatus = 503;
    await notifications.notify({ ...reminder('flaky-1'), recipients: { organisationId: otherCell, roles: ['cellCommittee'] } });
    const dead = await waitFor('a dead delivery listed', async () => {
      const res = await http().get('/api/v1/admin/deliveries?status=dead').set(as('admin1')).expect(200);
      return (res.body.items as { id: string; target: string; status: string }[]).find((d) => d.target === ep.body.id);
    });
    expect(dead.status).toBe('dead');
    await http().get('/api/v1/admin/deliveries?status=dead').set(as('odept')).expect(403);
    await http().get('/api/v1/admin/deliveries?status=dead').expect(401);
    await http().post(`/api/v1/admin/deliveries/${dead.id}/retry`).set(as('cc1')).expect(403);
    okStatus = 200;
    const retried = await http().post(`/api/v1/admin/deliveries/${dead.id}/retry`).set(as('admin1')).expect(202);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
    await waitFor('retried and sent', async () => (await ds.query(`SELECT status FROM deliveries WHERE id = $1`, [dead.id]))[0].status === 'sent');
    await http().post(`/api/v1/admin/deliveries/${dead.id}/retry`).set(as('admin1')).expect(409);
    await http().post(`/api/v1/admin/deliveries/00000000-0000-4000-8000-00000000dead/retry`).set(as('admin1')).expect(404);
  });

  it('groups a day of items into one digest email, once', async () => {
    const before = smtp.messages.filter((m) => m.to.includes('cc2@example.org')).length;
    expect(before).toBe(0);
    const day: string = (await ds.query(`SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS d`))[0].d;
    const expected: number = Number((await ds.query(`SELECT count(*) AS n FROM notifications WHERE user_id = $1`, [ids.cc2]))[0].n);
    expect(expected).toBeGreaterThanOrEqual(3);
    await s.app.get(QueueGateway).add('notification.digest', { date: day }, { jobId: `digest-test-${day}` });
    const mail = await waitFor('the digest', async () => smtp.messages.find((m) => m.to.includes('cc2@example.org')));
    const text = mail.text();
    expect(text).toContain(`Thông báo ngày ${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`);
    expect(text.match(/Nhắc hạn: Quyết định kết nạp/g)).toHaveLength(expected);
    expect(text.indexOf(`Notifications of ${day}`)).toBeGreaterThan(text.indexOf('Thông báo ngày'));
    // Running the digest again (hourly job, or twice) sends nothing new.
    expect(await deliveries.digest(day)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.filter((m) => m.to.includes('cc2@example.org'))).toHaveLength(1);
    // Before 07:00 Vietnam time the automatic run waits; from 07:00 it covers yesterday.
    expect(await deliveries.digest(undefined, new Date('2026-11-27T23:30:00Z'))).toEqual([]);
  });

  it('serves the inbox: cursor pages, unread filter and count, read, read-all, scoped to the caller', async () => {
    await http().get('/api/v1/notifications').expect(401);
    const count = (await http().get('/api/v1/notifications/unread-count').set(as('cc2')).expect(200)).body.count as number;
    expect(count).toBeGreaterThanOrEqual(3);
    const page1 = await http().get('/api/v1/notifications?limit=2').set(as('cc2')).expect(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await http().get(`/api/v1/notifications?limit=2&cursor=${page1.body.nextCursor}`).set(as('cc2')).expect(200);
    const seen = [...page1.body.items, ...page2.body.items].map((i: { id: string }) => i.id);
    expect(new Set(seen).size).toBe(seen.length);
    const first = page1.body.items[0] as { id: string; title: { vi: string; en: string } };
    expect(first.title.vi).toMatch(/Nhắc hạn/);
    await http().post(`/api/v1/notifications/${first.id}/read`).set(as('cc1')).expect(404);
    const read = await http().post(`/api/v1/notifications/${first.id}/read`).set(as('cc2')).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await http().get('/api/v1/notifications/unread-count').set(as('cc2')).expect(200)).body.count).toBe(count - 1);
    const unread = await http().get('/api/v1/notifications?unread=true&limit=100').set(as('cc2')).expect(200);
    expect(unread.body.items.map((i: { id: string }) => i.id)).not.toContain(first.id);
    expect((await http().post('/api/v1/notifications/read-all').set(as('cc2')).expect(200)).body.marked).toBe(count - 1);
    expect((await http().get('/api/v1/notifications/unread-count').set(as('cc2')).expect(200)).body.count).toBe(0);
    await http().get('/api/v1/notifications?cursor=bad!').set(as('cc2')).expect(400);
    const prefs = await http().put('/api/v1/notifications/preferences').set(as('cc3')).send({ email: 'cc3@example.org', emailMode: 'dailyDigest' }).expect(200);
    expect(prefs.body).toEqual({ email: 'cc3@example.org', emailMode: 'dailyDigest' });
    await http().put('/api/v1/notifications/preferences').set(as('cc3')).send({ emailMode: 'weekly' }).expect(400);
  });

  it('turns the email channel off without SMTP_URL', () => {
    expect(new EmailChannel(testConfig(s.db.url)).enabled).toBe(false);
    expect(s.worker.get(EmailChannel).enabled).toBe(true);
  });

  it('tells the right people: cell committee, supervising organisation department, helper', async () => {
    const recipients = s.app.get(RecipientsRepository);
    const em = ds.manager;
    const supervising = await recipients.supervisingOrganisation(em, cell);
    expect(supervising).toBe(province);
    expect(await recipients.resolve(em, audienceFor('reminder', { cellId: cell }))).toEqual([ids.cc1, ids.cc2].sort());
    expect(await recipients.resolve(em, audienceFor('escalation', { cellId: cell, supervisingOrganisationId: supervising }))).toEqual([ids.odept]);
    expect(await recipients.resolve(em, audienceFor('probationMilestone', { cellId: cell, helperPersonId: ids.helperPerson }))).toEqual([ids.cc1, ids.cc2, ids.helper].sort());
  });

  it('manages webhook endpoints within the caller subtree, secrets encrypted at rest', async () => {
    const list = await http().get('/api/v1/admin/webhook-endpoints').set(as('odept')).expect(200);
    expect(list.body.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(list.body)).not.toContain(okSecret);
    const [stored] = await ds.query(`SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1`, [list.body[0].id]);
    expect(stored.secret_encrypted).toMatch(/^v1:/);
    expect(stored.secret_encrypted).not.toContain(okSecret);
    await http().get('/api/v1/admin/webhook-endpoints').set(as('cc1')).expect(403);
    const rotated = await http().patch(`/api/v1/admin/webhook-endpoints/${list.body[0].id}`).set(as('odept')).send({ rotateSecret: true, active: false }).expect(200);
    expect(rotated.body).toMatchObject({ active: false, secret: expect.any(String) });
    await http().post('/api/v1/admin/webhook-endpoints').set(as('odept')).send({ organisationId: base, url: 'ftp://example.org' }).expect(400);
  });

  it('pages deliveries by cursor, and edits and removes an endpoint (kinds an array, the secret kept unless rotated)', async () => {
    const all = (await http().get('/api/v1/admin/deliveries?limit=200').set(as('admin1')).expect(200)).body.items as { id: string; updatedAt: string }[];
    expect(all.length).toBeGreaterThan(3);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await http()
        .get(`/api/v1/admin/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(as('admin1'))
        .expect(200);
      paged.push(...(res.body.items as { id: string }[]).map((d) => d.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.map((d) => d.id));

    const created = await http()
      .post('/api/v1/admin/webhook-endpoints')
      .set(as('admin1'))
      .send({ organisationId: otherCell, url: `${hooks.base}/edit`, kinds: ['reminder', 'decision'] })
      .expect(201);
    expect(created.body.kinds).toEqual(['reminder', 'decision']);
    const secretOf = async (id: string) => (await ds.query(`SELECT secret_encrypted AS s FROM webhook_endpoints WHERE id = $1`, [id]))[0]?.s as string | undefined;
    const before = await secretOf(created.body.id);
    const edited = await http().patch(`/api/v1/admin/webhook-endpoints/${created.body.id}`).set(as('admin1')).send({ url: `${hooks.base}/edited` }).expect(200);
    expect(edited.body).toMatchObject({ url: `${hooks.base}/edited`, kinds: ['reminder', 'decision'], active: true });
    expect(edited.body.secret).toBeUndefined();
    expect(await secretOf(created.body.id)).toBe(before);
    const cleared = await http().patch(`/api/v1/admin/webhook-endpoints/${created.body.id}`).set(as('admin1')).send({ kinds: null }).expect(200);
    expect(cleared.body.kinds).toBeNull();
    await http().delete(`/api/v1/admin/webhook-endpoints/${created.body.id}`).set(as('admin1')).expect(204);
    expect(await secretOf(created.body.id)).toBeUndefined();
    await http().patch(`/api/v1/admin/webhook-endpoints/${created.body.id}`).set(as('admin1')).send({ active: false }).expect(404);
  });
});
