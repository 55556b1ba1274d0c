import { Module } from '@nestjs/common';
import { CAPABILITY_LOOKUP, CapabilityClient, GuessingCapabilityLookup } from './capability.client';

/** capability-discovery as routing sees it: the strict client (sends) and the guessing lookup (dry runs). */
@Module({
  providers: [CapabilityClient, { provide: CAPABILITY_LOOKUP, useClass: GuessingCapabilityLookup }],
  exports: [CapabilityClient, CAPABILITY_LOOKUP],
})
export class CapabilityModule {}
