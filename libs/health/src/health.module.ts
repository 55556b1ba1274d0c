import { Controller, Get, Module, ServiceUnavailableException, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { DependencyCheck } from './dependency-check';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Liveness says the process serves HTTP (a broker blip must not restart pods); readiness
 * checks every dependency the service uses, each bounded in time, and names the failing ones.
 */
@Module({})
export class HealthModule {
  static forRoot(checkTokens: readonly InjectionToken[]): DynamicModule {
    @Controller('health')
    class HealthController {
      constructor(private readonly moduleRef: ModuleRef) {}

      @Get('live')
      live(): { status: 'ok' } {
        return { status: 'ok' };
      }

      @Get('ready')
      async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
        const checks = checkTokens.map((token) => this.moduleRef.get<DependencyCheck>(token, { strict: false }));
        const results = await Promise.allSettled(checks.map((check) => withTimeout(check.check(), CHECK_TIMEOUT_MS)));
        const report: Record<string, string> = {};
        results.forEach((result, index) => {
          report[checks[index]!.name] = result.status === 'fulfilled' ? 'up' : `down: ${String((result.reason as Error)?.message ?? result.reason)}`;
        });
        if (results.some((result) => result.status === 'rejected')) {
          throw new ServiceUnavailableException({ status: 'unavailable', checks: report });
        }
        return { status: 'ok', checks: report };
      }
    }
    return { module: HealthModule, controllers: [HealthController] };
  }
}
