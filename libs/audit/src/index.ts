export * from './audit.types.js';
export { GENESIS_HASH, HASH_VERSION, canonicalJson, rowHash, anchorHash } from './audit.hash.js';
export { sanitizeDetails } from './audit.details.js';
export { AuditService, AuditCursorError, chainFor, auditOutboxPart, type AuditListFilter, type AuditScope, type AuditPage, type RecordedAudit } from './audit.service.js';
export { AuditAnchorService } from './audit-anchor.service.js';
export { AuditChainer, AuditChainTimeoutError, CHAIN_BATCH, CHAIN_POLL_MS, CHAINER_LOCK_KEY, type ChainRun } from './audit.chainer.js';
export { recordRequestAudit, takeRequestAudit, type RequestAuditOptions, type PreparedRequestAudit } from './audit.request-context.js';
export { AuditVerifier, ANCHOR_CHAIN } from './audit.verifier.js';
export {
  AuditInterceptor,
  AuditMiddleware,
  AuditHttpRecorder,
  AuditUnavailableError,
  AuditAction,
  AUDIT_ACTION,
  actorFromRequest,
  classifyRequest,
  routeTemplate,
  outcomeFor,
  type AuditActor,
  type AuditTarget,
} from './audit.http.js';
export { AuditModule } from './audit.module.js';
export { verifyAuditAt, anchorAuditAt, chainAuditAt, formatVerification } from './audit.cli.js';
