import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { DependencyCheck } from './dependency-check';

export const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one DependencyCheck as a terminus indicator: up, down with the reason, or (optional ones) up but degraded. */
export async function dependencyIndicator(indicators: HealthIndicatorService, check: DependencyCheck, timeoutMs = CHECK_TIMEOUT_MS): Promise<HealthIndicatorResult> {
  const session = indicators.check(check.name);
  try {
    await withTimeout(check.check(), timeoutMs);
    return session.up();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return check.optional ? session.up({ degraded: true, message }) : session.down({ message });
  }
}
