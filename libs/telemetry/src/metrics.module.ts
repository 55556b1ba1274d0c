import { Controller, Get, Header, Inject, Module, type DynamicModule } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

@Controller('metrics')
class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

/** A per-app Prometheus registry (default process metrics included) served on GET /metrics. */
@Module({})
export class MetricsModule {
  static forRoot(options: { serviceName: string }): DynamicModule {
    const registry = new Registry();
    registry.setDefaultLabels({ service: options.serviceName });
    collectDefaultMetrics({ register: registry });
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_REGISTRY, useValue: registry }],
      exports: [METRICS_REGISTRY],
    };
  }
}

/** One counter per name per registry, however many modules ask for it. */
export function counter(registry: Registry, name: string, help: string, labelNames: readonly string[] = []): Counter<string> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<string>;
  const created = new Counter({ name, help, labelNames: [...labelNames], registers: [registry] });
  return created;
}

/** One histogram per name per registry; buckets in seconds, from 1 ms to 10 s. */
export function histogram(registry: Registry, name: string, help: string, labelNames: readonly string[] = [], buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]): Histogram<string> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram<string>;
  return new Histogram({ name, help, labelNames: [...labelNames], buckets, registers: [registry] });
}
