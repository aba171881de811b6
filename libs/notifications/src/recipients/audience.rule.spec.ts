import { describe, expect, it } from '@jest/globals';
import { audienceFor } from './audience.rule.js';

describe('who is told what', () => {
  const cellId = 'cell';
  it('reminders, decisions and case updates go to the cell committee', () => {
    for (const topic of ['reminder', 'decision', 'caseUpdate'] as const) expect(audienceFor(topic, { cellId })).toEqual({ organisationId: cellId, roles: ['cellCommittee'] });
  });
  it('escalations go to the supervising organisation department, else to the cell committee', () => {
    expect(audienceFor('escalation', { cellId, supervisingOrganisationId: 'sup' })).toEqual({ organisationId: 'sup', roles: ['organisationDepartment'], covering: true });
    expect(audienceFor('escalation', { cellId, supervisingOrganisationId: null })).toEqual({ organisationId: cellId, roles: ['cellCommittee'] });
  });
  it('probation milestones also go to the helper', () => {
    expect(audienceFor('probationMilestone', { cellId, helperPersonId: 'p1' })).toEqual({ anyOf: [{ organisationId: cellId, roles: ['cellCommittee'] }, { personIds: ['p1'] }] });
  });
});
