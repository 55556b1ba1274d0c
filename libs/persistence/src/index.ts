export * from './database.module';
export * from './open-data-source';
export * from './pending-migrations.exception';
export * from './coalescer';
