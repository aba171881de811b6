import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { migrationsApplied } from '#platform';
import { QueueGateway } from '#scheduling';
import { Public } from '../public.decorator.js';

type Check = 'ok' | 'down' | 'pending';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: QueueGateway,
  ) {}

  @Get()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis reachable, every migration applied' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, Check> }> {
    const checks: Record<string, Check> = { database: 'down', migrations: 'pending', redis: 'down' };
    try {
      await this.db.query('SELECT 1');
      checks.database = 'ok';
      checks.migrations = (await migrationsApplied(this.db)) ? 'ok' : 'pending';
    } catch {
      checks.database = 'down';
    }
    try {
      checks.redis = (await withTimeout(this.queue.ping(), 2000)) ? 'ok' : 'down';
    } catch {
      checks.redis = 'down';
    }
    const ok = Object.values(checks).every((c) => c === 'ok');
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
