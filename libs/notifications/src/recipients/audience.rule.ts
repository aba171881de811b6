import type { Recipients } from '../notification.types.js';

/** What the caller knows about the case when it asks who should be told. */
export interface AudienceContext {
  /** The case's cell (the organisation the case belongs to). */
  cellId: string;
  /** The organisation supervising the competent committee (RecipientsRepository.supervisingOrganisation). */
  supervisingOrganisationId?: string | null;
  /** The helper assigned to a probationary member, a person: the user linked to them is told. */
  helperPersonId?: string | null;
}

export type AudienceTopic = 'reminder' | 'escalation' | 'decision' | 'caseUpdate' | 'probationMilestone';

/**
 * Who is told what (procedure.md §7). Default policy, to become configurable per organisation:
 * reminders, decisions and case updates go to the cell committee of the case's cell; escalations
 * to the organisation department of the supervising organisation (falling back to the cell
 * committee when no supervisor is configured, so an escalation is never silently lost); probation
 * milestones to the cell committee and the helper.
 */
export function audienceFor(topic: AudienceTopic, ctx: AudienceContext): Recipients {
  const cellCommittee: Recipients = { organisationId: ctx.cellId, roles: ['cellCommittee'] };
  switch (topic) {
    case 'escalation':
      // An organisation department scoped higher up covers the supervising organisation too.
      return ctx.supervisingOrganisationId ? { organisationId: ctx.supervisingOrganisationId, roles: ['organisationDepartment'], covering: true } : cellCommittee;
    case 'probationMilestone':
      return ctx.helperPersonId ? { anyOf: [cellCommittee, { personIds: [ctx.helperPersonId] }] } : cellCommittee;
    case 'reminder':
    case 'decision':
    case 'caseUpdate':
      return cellCommittee;
  }
}
