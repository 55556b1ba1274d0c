import type { DataSource } from 'typeorm';
import type { DependencyCheck } from './dependency-check';

export class PostgresCheck implements DependencyCheck {
  readonly name = 'postgres';
  constructor(private readonly dataSource: DataSource) {}
  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
