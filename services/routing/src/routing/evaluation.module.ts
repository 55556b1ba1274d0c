import { Module } from '@nestjs/common';
import { CohortAssigner } from '../cohort/cohort-assigner';
import { PolicyModule } from '../policy/policy.module';
import { channelCircuitsProvider } from './channel-circuits.provider';
import { CircuitView } from './circuit-view';
import { classifierProvider } from './classifier.port';
import { LegPublisher } from './leg-publisher';
import { SendEvaluator } from './send-evaluator';

/** Deciding and dispatching a send, shared by the first routing and failovers. Needs EventPublisher, CONFIG. */
@Module({
  imports: [PolicyModule],
  providers: [SendEvaluator, LegPublisher, CircuitView, CohortAssigner, classifierProvider, channelCircuitsProvider],
  exports: [SendEvaluator, LegPublisher, CohortAssigner],
})
export class EvaluationModule {}
