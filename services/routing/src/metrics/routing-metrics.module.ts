import { Module } from '@nestjs/common';
import { RoutingMetrics } from './routing-metrics';

/** RoutingMetrics for the modules that publish decisions or record outcomes (one instance: Nest shares module instances). */
@Module({ providers: [RoutingMetrics], exports: [RoutingMetrics] })
export class RoutingMetricsModule {}
