import { randomInt } from 'node:crypto';

/**
 * The seed and size of one fuzz run. Every run is seeded: FUZZ_SEED replays a failed run
 * exactly (the failure message names it), FUZZ_RUNS scales the case count up or down.
 */
export interface FuzzRun {
  readonly seed: number;
  readonly numRuns: number;
  /** A marker put into generated text: it must never come back in an error, a header or a log. */
  readonly canary: string;
}

export function fuzzRun(defaultRuns: number): FuzzRun {
  const seedText = process.env['FUZZ_SEED'];
  const seed = seedText ? Number(seedText) : randomInt(0, 2 ** 31 - 1);
  const runs = Number(process.env['FUZZ_RUNS'] ?? defaultRuns);
  return { seed, numRuns: Number.isFinite(runs) && runs > 0 ? Math.floor(runs) : defaultRuns, canary: `CANARY${seed.toString(36).toUpperCase()}Q` };
}

/** Runs a fuzz body; on failure the error names the seed to replay it with. */
export async function withSeed<T>(run: FuzzRun, label: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const replay = `[fuzz ${label}] replay with FUZZ_SEED=${run.seed} FUZZ_RUNS=${run.numRuns}`;
    if (error instanceof Error) {
      error.message = `${replay}\n${error.message}`;
      throw error;
    }
    throw new Error(`${replay}: ${String(error)}`);
  }
}
