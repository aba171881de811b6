import { Global, Module } from '@nestjs/common';
import { registerErrorStatus } from '#platform';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditHttpRecorder, AuditInterceptor, AuditMiddleware } from './audit.http.js';
import { AuditService } from './audit.service.js';
import { AuditVerifier } from './audit.verifier.js';

registerErrorStatus('AUDIT.CURSOR', 400);

/** The audit trail's services; global so every feature module can record inside its transactions. */
@Global()
@Module({
  providers: [AuditService, AuditVerifier, AuditAnchorService, AuditHttpRecorder, AuditInterceptor, AuditMiddleware],
  exports: [AuditService, AuditVerifier, AuditAnchorService, AuditHttpRecorder, AuditInterceptor, AuditMiddleware],
})
export class AuditModule {}
