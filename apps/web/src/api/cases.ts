// The case page's data: GET /cases/{id}, with the version its ETag names.
import { api, etagVersion, unwrap } from './client';
import type { CaseView } from './types';

/** The case page (GET /cases/{id}); a step's answer is only the compact result, so the page reloads it after a step. */
export async function loadCase(id: string): Promise<CaseView> {
  const result = await api.GET('/api/v1/cases/{id}', { params: { path: { id } } });
  const view = unwrap(result);
  const v = etagVersion(result.response);
  return v !== null && v !== view.version ? { ...view, version: v } : view;
}
