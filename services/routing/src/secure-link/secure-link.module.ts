import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '@switchback/runtime';
import { HttpLinkStore, LinkStore } from './link-store.client';
import { SecureLinkDispatchRepository } from './secure-link-dispatch.repository';
import { SecureLinkDispatcher } from './secure-link-dispatcher';
import { RelayCodes } from './relay-code';
import { SecureLinkRequestedConsumer } from './secure-link-requested.consumer';
import { RoutingMetricsModule } from '../metrics/routing-metrics.module';

/** Routing's secure-link path: encrypt, store ciphertext in payload-store, dispatch the link text. */
@Module({
  imports: [RoutingMetricsModule],
  providers: [{ provide: LinkStore, useClass: HttpLinkStore }, { provide: CLOCK, useValue: systemClock }, SecureLinkDispatchRepository, SecureLinkDispatcher, SecureLinkRequestedConsumer, RelayCodes],
  exports: [SecureLinkDispatcher],
})
export class SecureLinkModule {}
