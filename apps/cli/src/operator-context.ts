import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '#audit';
import { CasesModule } from '#cases';
import { ImportsModule } from '#imports';
import { type AppConfig, ConfigModule, DatabaseModule } from '#platform';
import { SchedulingModule } from '#scheduling';

/** The services operator commands run through: the same modules as the API and the worker. */
@Module({})
class OperatorModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: OperatorModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('ket-nap-cli'), SchedulingModule.forRoot(), AuditModule, CasesModule, ImportsModule],
    };
  }
}

/** Runs `fn` in a Nest application context (no HTTP, no queue processing) and closes it. */
export async function withOperatorContext<T>(config: AppConfig, fn: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(OperatorModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
