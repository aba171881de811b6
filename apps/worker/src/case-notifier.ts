import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NotificationsService, RecipientsRepository, audienceFor, type AudienceTopic, type NotificationKind } from '#notifications';
import { getTimer, isTimerId } from '#procedure';
import type { JobMap } from '#scheduling';

type Intent = JobMap['case.notify'];

/**
 * Turns a case's notification intent (written by a transition or by the deadline runner into the
 * outbox) into inbox rows and deliveries for the right people. Idempotent on the intent's key.
 */
@Injectable()
export class CaseNotifier {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsService,
    private readonly recipients: RecipientsRepository,
  ) {}

  async notify(intent: Intent): Promise<void> {
    const rows: { organisation_id: string; full_name: string; helper: string | null }[] = await this.db.query(
      `SELECT c.organisation_id, p.full_name, c.snapshot #>> '{context,facts,probationHelper,personId}' AS helper
         FROM cases c JOIN people p ON p.id = c.person_id WHERE c.id = $1`,
      [intent.caseId],
    );
    const c = rows[0];
    if (!c) return;
    const params = intent.params ?? {};
    const timerId = typeof params.timerId === 'string' && isTimerId(params.timerId) ? params.timerId : null;
    const label = timerId ? getTimer(timerId).label : null;
    let topic: AudienceTopic;
    let kind: NotificationKind;
    let template: string;
    if (intent.template === 'deadline.reminder') {
      topic = timerId === 'probationEnd' ? 'probationMilestone' : 'reminder';
      kind = 'reminder';
      template = 'deadline.reminder';
    } else if (intent.template === 'deadline.escalation' || intent.template === 'deadline.expired') {
      topic = intent.template === 'deadline.escalation' ? 'escalation' : 'reminder';
      kind = intent.template === 'deadline.escalation' ? 'escalation' : 'reminder';
      template = 'deadline.overdue';
    } else if (intent.template.startsWith('decision')) {
      topic = 'decision';
      kind = 'decision';
      template = 'case.updated';
    } else {
      topic = 'caseUpdate';
      kind = 'caseUpdate';
      template = 'case.updated';
    }
    const supervising = topic === 'escalation' ? await this.recipients.supervisingOrganisation(this.db.manager, c.organisation_id) : null;
    await this.notifications.notify({
      recipients: audienceFor(topic, { cellId: c.organisation_id, supervisingOrganisationId: supervising, helperPersonId: c.helper }),
      idempotencyKey: intent.dedupe ?? `case:${intent.caseId}:${intent.seq ?? 0}:${intent.template}`,
      event: {
        kind,
        caseId: intent.caseId,
        organisationId: c.organisation_id,
        template,
        params: {
          subjectName: c.full_name,
          timerVi: label?.vi ?? null,
          timerEn: label?.en ?? null,
          dueDate: typeof params.due === 'string' ? params.due : null,
          stateVi: typeof params.stateVi === 'string' ? params.stateVi : intent.template,
          stateEn: typeof params.stateEn === 'string' ? params.stateEn : intent.template,
        },
      },
    });
  }
}
