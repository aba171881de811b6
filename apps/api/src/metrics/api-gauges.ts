import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Metrics, registerPoolGauges } from '#platform';

/** The API process's gauges: its database pool (the worker reports the stored state). */
@Injectable()
export class ApiGauges implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    registerPoolGauges(this.metrics, this.db);
  }
}
