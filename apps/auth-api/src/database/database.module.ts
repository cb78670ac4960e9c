import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source';
import { TransactionService } from './transaction.service';
import { TypeOrmLogger } from './typeorm-logger';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config),
        // Development migrates on start; production only when DATABASE_MIGRATE=true.
        migrationsRun: config.migrateOnStart,
        logger: new TypeOrmLogger(),
        maxQueryExecutionTime: 1000,
        retryAttempts: 5,
        retryDelay: 2000,
      }),
    }),
  ],
  providers: [TransactionService],
  exports: [TransactionService],
})
export class DatabaseModule {}
