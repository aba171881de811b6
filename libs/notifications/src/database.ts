import type { Selectable } from 'kysely';
import type { Camelized, DatabaseOf, Refine } from '#platform';
import type { DeliveryPayload } from './notification.types.js';

type Owned = DatabaseOf<'notifications'>;

/**
 * The tables notifications owns (ADR 0004), as the migrations define them (schema.generated.ts),
 * with the one jsonb column whose shape this library writes typed by it. A Kysely query over this
 * type cannot name another library's table.
 */
export type NotificationsDatabase = Omit<Owned, 'deliveries'> & {
  deliveries: Refine<Owned['deliveries'], { payload: DeliveryPayload }>;
};

/** A planned delivery, every column, camelCase (what the channels send from). */
export type DeliveryRow = Camelized<Selectable<NotificationsDatabase['deliveries']>>;
