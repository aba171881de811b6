// The cell's roster as the step forms need it: the members on a date (pickers for introducers and
// helpers) and the PROC-CELL-VOTE basis of a meeting date (eligible voters and the roll).
import { getJson } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type Member = Schemas['Membership'];
export type CellVoteBasis = Schemas['CellVoteBasis'];

const cache = new Map<string, Promise<unknown>>();
function cached<T>(path: string): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    p = getJson<T>(path);
    cache.set(path, p);
    p.catch(() => cache.delete(path));
  }
  return p;
}

export const membersOn = (organisationId: string, asOf: string) =>
  cached<Member[]>(`/api/v1/admin/organisations/${encodeURIComponent(organisationId)}/members?asOf=${encodeURIComponent(asOf)}`);

/** `attendees`: members counted only when present (exempted, temporarily elsewhere) who attended. */
export const cellVoteBasis = (organisationId: string, date: string, attendees: string[] = []) =>
  cached<CellVoteBasis>(
    `/api/v1/admin/organisations/${encodeURIComponent(organisationId)}/cell-vote-basis?date=${encodeURIComponent(date)}${
      attendees.length ? `&exemptedAttendeeIds=${attendees.map(encodeURIComponent).join(',')}` : ''
    }`,
  );

/** PROC-BASE-VOTE, PROC-COMPETENT-VOTE: the committee's figure for a committee vote of the case. */
export type CommitteeVoteBasis = NonNullable<Schemas['CommitteeVoteBasis']['basis']>;

/** null: no committee membership recorded on the date (the minutes' figure stands). */
export const committeeVoteBasis = (caseId: string, type: string, date: string, motion: string) =>
  cached<Schemas['CommitteeVoteBasis']>(
    `/api/v1/cases/${encodeURIComponent(caseId)}/committee-vote-basis?type=${encodeURIComponent(type)}&date=${encodeURIComponent(date)}&motion=${encodeURIComponent(motion)}`,
  ).then((r) => r.basis);
