import { Client } from 'pg';

/** Statements and commits the database ran between `start()` and `stop()`. */
export interface PgActivity {
  readonly commits: number;
  /** Statements executed (one per round trip; BEGIN and COMMIT count); undefined without pg_stat_statements. */
  readonly statements: number | undefined;
  /** The busiest statements, most calls first (pg_stat_statements only). */
  readonly top: readonly { readonly calls: number; readonly query: string }[];
}

interface Snapshot {
  readonly commits: number;
  readonly calls: Map<string, { calls: number; query: string }> | undefined;
}

/**
 * Reads `pg_stat_database` (commits) and, when the server preloads it, `pg_stat_statements`
 * (statements) before and after a run, so the bench can say what each message costs the
 * database. The statistics are server-wide: run nothing else against the server meanwhile.
 */
export class PgActivityMeter {
  private before?: Snapshot;

  constructor(private readonly databaseUrl: string) {}

  async start(): Promise<void> {
    this.before = await this.snapshot();
  }

  async stop(): Promise<PgActivity> {
    const after = await this.snapshot();
    const before = this.before ?? after;
    const commits = after.commits - before.commits;
    if (!after.calls || !before.calls) return { commits, statements: undefined, top: [] };
    const deltas = [...after.calls].map(([id, now]) => ({ calls: now.calls - (before.calls?.get(id)?.calls ?? 0), query: now.query })).filter((row) => row.calls > 0);
    deltas.sort((a, b) => b.calls - a.calls);
    return { commits, statements: deltas.reduce((sum, row) => sum + row.calls, 0), top: deltas.slice(0, 25) };
  }

  private async snapshot(): Promise<Snapshot> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      // Our own three statements are counted too: a constant, negligible over hundreds of messages.
      const { rows } = await client.query<{ commits: string }>(`SELECT sum(xact_commit)::text AS commits FROM pg_stat_database`);
      return { commits: Number(rows[0]?.commits ?? 0), calls: await this.statementCalls(client) };
    } finally {
      await client.end();
    }
  }

  private async statementCalls(client: Client): Promise<Snapshot['calls']> {
    try {
      const { rows } = await client.query<{ id: string; calls: string; query: string }>(
        `SELECT userid::text || ':' || dbid::text || ':' || queryid::text AS id, calls::text, query FROM pg_stat_statements`,
      );
      return new Map(rows.map((row) => [row.id, { calls: Number(row.calls), query: row.query }]));
    } catch {
      // The extension is not installed, or not preloaded (shared_preload_libraries).
      return undefined;
    }
  }
}
