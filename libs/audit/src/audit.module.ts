import { Global, Module } from '@nestjs/common';
import { registerErrorStatus } from '#platform';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditChainer } from './audit.chainer.js';
import { AuditHttpRecorder, AuditInterceptor, AuditMiddleware } from './audit.http.js';
import { AuditService } from './audit.service.js';
import { AuditVerifier } from './audit.verifier.js';

registerErrorStatus('AUDIT.CURSOR', 400);
registerErrorStatus('AUDIT.UNAVAILABLE', 503);

/**
 * The audit trail's services; global so every feature module can record inside its transactions.
 * Every process that imports it runs the chainer loop (AuditChainer: one chainer at a time, by lock).
 */
@Global()
@Module({
  providers: [AuditChainer, AuditService, AuditVerifier, AuditAnchorService, AuditHttpRecorder, AuditInterceptor, AuditMiddleware],
  exports: [AuditChainer, AuditService, AuditVerifier, AuditAnchorService, AuditHttpRecorder, AuditInterceptor, AuditMiddleware],
})
export class AuditModule {}
