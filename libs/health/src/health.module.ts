import { Controller, Get, Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule, type HealthCheckResult } from '@nestjs/terminus';
import type { DependencyCheck } from './dependency-check';
import { dependencyIndicator } from './dependency-indicator';

/**
 * Terminus health endpoints. Liveness says the process serves HTTP (a broker blip must not
 * restart pods); readiness runs one indicator per dependency the service really uses, each
 * bounded in time, and answers 503 naming the failing ones.
 */
@Module({})
export class HealthModule {
  static forRoot(checkTokens: readonly InjectionToken[]): DynamicModule {
    @Controller('health')
    class HealthController {
      constructor(
        private readonly health: HealthCheckService,
        private readonly indicators: HealthIndicatorService,
        private readonly moduleRef: ModuleRef,
      ) {}

      @Get('live')
      @HealthCheck()
      live(): Promise<HealthCheckResult> {
        return this.health.check([]);
      }

      @Get('ready')
      @HealthCheck()
      ready(): Promise<HealthCheckResult> {
        const checks = checkTokens.map((token) => this.moduleRef.get<DependencyCheck>(token, { strict: false }));
        return this.health.check(checks.map((check) => () => dependencyIndicator(this.indicators, check)));
      }
    }
    return { module: HealthModule, imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController] };
  }
}
