import { DataSource } from 'typeorm';
import { dataSourceOptions } from '#platform';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditChainer } from './audit.chainer.js';
import type { AuditVerification } from './audit.types.js';
import { AuditVerifier } from './audit.verifier.js';
import { message } from '#messages';

/** Runs `fn` with a small DataSource outside Nest (the operator CLI). */
async function withDataSource<T>(url: string, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(dataSourceOptions({ url, applicationName: 'ket-nap-cli', poolSize: 2 }));
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

export function verifyAuditAt(url: string, options: { chain?: string } = {}): Promise<AuditVerification> {
  return withDataSource(url, (ds) => new AuditVerifier(ds).verify(options));
}

/** Chain every pending entry now (the operator's `audit:chain`); waits for a chainer of another process. */
export function chainAuditAt(url: string, options: { batch?: number; timeoutMs?: number } = {}): Promise<number> {
  return withDataSource(url, (ds) => new AuditChainer(ds).drain(options));
}

export function anchorAuditAt(url: string): Promise<{ seq: number; hash: string; chains: number } | null> {
  return withDataSource(url, async (ds) => {
    const a = await new AuditAnchorService(ds).anchor();
    return a ? { seq: a.seq, hash: a.hash, chains: Object.keys(a.heads).length } : null;
  });
}

/** Human-readable report, Vietnamese first. */
export function formatVerification(r: AuditVerification): string {
  const lines = [
    r.ok ? message('AUDIT.AUDIT_TRAIL_INTACT') : message('AUDIT.TAMPERING_DETECTED'),
    `chuỗi / chains: ${r.chainsChecked}, dòng / rows: ${r.rowsChecked}, mốc neo / anchors: ${r.anchorsChecked}`,
    r.latestAnchor ? message('AUDIT.LATEST_ANCHOR', { seq: r.latestAnchor.seq, createdAt: r.latestAnchor.createdAt, hash: r.latestAnchor.hash }) : message('AUDIT.NO_ANCHOR_YET'),
  ];
  for (const p of r.problems) lines.push(`  ${p.problem}: chain=${p.chain} seq=${p.seq} id=${p.id ?? '-'} — ${p.detail}`);
  return lines.join('\n');
}
