// "Việc cần làm" (GET /todo), the audit search (GET /audit with person/actor/action) and the
// organisations of the caller's scope (GET /admin/organisations) for the tree pickers.
import type { AuditPage, AuditQuery, AuditRecord, Countdown, Organisation, TodoList } from './types';
import { downloadFile, getJson } from './client';

export type TodoCountdown = Countdown;
export type TodoItem = TodoList['items'][number];

export interface TodoQuery {
  organisationId?: string;
  stage?: string;
  category?: string;
  dueFrom?: string;
  dueTo?: string;
  overdue?: 'true' | 'false';
}

const qs = (q: object): string => {
  const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export function listTodo(q: TodoQuery): Promise<TodoList> {
  return getJson(`/api/v1/todo${qs(q)}`);
}

export function exportTodo(q: TodoQuery, format: 'csv' | 'xlsx'): Promise<string> {
  return downloadFile(`/api/v1/todo${qs({ ...q, format })}`, `viec-can-lam.${format}`);
}

/** The audit search form: the API's filters, with local dates (yyyy-mm-dd, inclusive) sent as Vietnam-time instants. */
export type AuditSearch = Pick<AuditQuery, 'caseId' | 'person' | 'actor' | 'action' | 'cursor'> & { from?: string; to?: string };

/** A row of GET /audit, with the candidate's and the actor's names. */
export type AuditRow = AuditRecord;

/** Vietnam is UTC+7 all year: a local day starts at 17:00 UTC of the day before. */
const startOfDayVn = (d: string): string => new Date(Date.parse(`${d}T00:00:00+07:00`)).toISOString();
const nextDayVn = (d: string): string => new Date(Date.parse(`${d}T00:00:00+07:00`) + 86_400_000).toISOString();

export function searchAudit(s: AuditSearch): Promise<AuditPage> {
  return getJson(
    `/api/v1/audit${qs({
      caseId: s.caseId,
      person: s.person?.trim(),
      actor: s.actor?.trim(),
      action: s.action,
      from: s.from ? startOfDayVn(s.from) : undefined,
      to: s.to ? nextDayVn(s.to) : undefined,
      cursor: s.cursor,
      limit: '100',
    })}`,
  );
}

export type { Organisation };

let orgCache: Promise<Organisation[]> | null = null;
/** The organisations of the caller's scope (cached for the page's life). */
export function scopeOrganisations(): Promise<Organisation[]> {
  const p = (orgCache ??= getJson<Organisation[]>('/api/v1/admin/organisations'));
  p.catch(() => (orgCache = null));
  return p;
}
