import { PermanentException } from '@switchback/errors';

/** DATABASE_MIGRATIONS=verify found migrations the schema lacks: the service must not start. */
export class PendingMigrationsException extends PermanentException {
  constructor(
    readonly schema: string,
    readonly pending: readonly string[],
    /** No migrations table was visible at all (not only some migrations missing). */
    readonly noneApplied = false,
  ) {
    super(
      'migrations_pending',
      `DATABASE_MIGRATIONS=verify: schema "${schema}" lacks ${pending.length} migration(s): ${pending.join(', ')}. ` +
        (noneApplied ? `No "${schema}".migrations table is visible: the schema is missing or was never migrated, or this role lacks USAGE on it. ` : '') +
        'Run the migration job (tools/migrate, the Helm pre-install/pre-upgrade hook) as the owner role, or set DATABASE_MIGRATIONS=run for a role allowed to migrate.',
    );
  }
}
