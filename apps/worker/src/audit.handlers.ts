import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AuditAnchorService } from '#audit';
import { JobRegistry, QueueGateway } from '#scheduling';

export const AUDIT_ANCHOR_EVERY_MS = 10 * 60_000;

/** Anchors the audit chains every 10 minutes; the anchor hash in the log line is a witness to keep. */
@Injectable()
export class AuditHandlers implements OnModuleInit {
  private readonly logger = new Logger('AuditAnchor');

  constructor(
    private readonly registry: JobRegistry,
    private readonly queue: QueueGateway,
    private readonly anchors: AuditAnchorService,
  ) {}

  onModuleInit(): void {
    this.registry.register('audit.anchor', async () => {
      const anchor = await this.anchors.anchor();
      if (anchor) this.logger.log({ msg: 'audit anchor written', seq: anchor.seq, chains: Object.keys(anchor.heads).length, hash: anchor.hash });
    });
  }

  async arm(): Promise<void> {
    await this.queue.add('audit.anchor', {}, { jobId: 'audit.anchor', repeatEveryMs: AUDIT_ANCHOR_EVERY_MS });
  }
}
