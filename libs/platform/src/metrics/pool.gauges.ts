import type { DataSource } from 'typeorm';
import type { Metrics } from './metrics.js';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/** Database pool use of this process: connections open, idle, and requests waiting for one. */
export function registerPoolGauges(metrics: Metrics, db: DataSource): void {
  metrics.gauge('kn_db_pool_connections', 'Database pool of this process: open, idle, waiting requests, maximum', ['state'], async (set) => {
    const pool = (db.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    set({ state: 'total' }, pool.totalCount);
    set({ state: 'idle' }, pool.idleCount);
    set({ state: 'waiting' }, pool.waitingCount);
    if (pool.options?.max) set({ state: 'max' }, pool.options.max);
  });
}
