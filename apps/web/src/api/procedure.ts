import { api, unwrap } from './client';
import type { EventType } from './types';

let eventsCache: Promise<EventType[]> | null = null;
let diagramCache: Promise<string> | null = null;

/** Event types with their payload schemas; fetched once per page load (they change with a deploy). */
export function procedureEvents(): Promise<EventType[]> {
  const p = (eventsCache ??= api.GET('/api/v1/procedure/events').then((r) => unwrap(r)));
  p.catch(() => (eventsCache = null));
  return p;
}

export function procedureDiagram(): Promise<string> {
  const p = (diagramCache ??= api.GET('/api/v1/procedure/diagram').then((r) => unwrap(r).mermaid));
  p.catch(() => (diagramCache = null));
  return p;
}
