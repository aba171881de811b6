import { Controller, Get, HttpCode, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { migrationsApplied } from '#platform';
import { QueueGateway } from '#scheduling';
import { Public } from '../public.decorator.js';

type Check = 'ok' | 'down' | 'pending';
const CHECKS = ['database', 'migrations', 'redis'] as const;
const TIMEOUT_MS = 2000;

/**
 * Liveness and readiness through @nestjs/terminus (its indicators run in parallel, each with a
 * timeout). The answer keeps the project's own small shape, which probes, .ci/image-checks.sh and
 * docs/operations.md rely on: `{ status, checks: { database, migrations, redis } }`.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: QueueGateway,
    private readonly health: HealthCheckService,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
  ) {}

  @Get()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis reachable, every migration applied' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: 'ok' | 'unavailable'; checks: Record<(typeof CHECKS)[number], Check> }> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.typeorm.pingCheck('database', { connection: this.db, timeout: TIMEOUT_MS }),
        () =>
          this.indicator
            .check('migrations')
            .attempt(async () => {
              if (!(await migrationsApplied(this.db))) throw new Error('pending');
            })
            .withTimeout(TIMEOUT_MS),
        () =>
          this.indicator
            .check('redis')
            .attempt(async () => {
              if (!(await this.queue.ping())) throw new Error('no PONG');
            })
            .withTimeout(TIMEOUT_MS),
      ]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      result = err.getResponse() as HealthCheckResult;
    }
    // Migrations that cannot be read (the database is down) count as pending, as before terminus.
    const checks = Object.fromEntries(
      CHECKS.map((k) => [k, result.details[k]?.status === 'up' ? 'ok' : k === 'migrations' ? 'pending' : 'down']),
    ) as Record<(typeof CHECKS)[number], Check>;
    const ok = Object.values(checks).every((c) => c === 'ok');
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}
