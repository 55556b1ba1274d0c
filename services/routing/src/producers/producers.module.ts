import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { CLOCK, systemClock } from '@switchback/runtime';
import { AdminTokenGuard } from '../policy/admin-token.guard';
import { EventSignatureVerifier } from './event-signature.verifier';
import { IngressSigningKey } from './ingress-signing-key';
import { PlaintextSendReencryptor } from './plaintext-send.reencryptor';
import { ANY_TENANT, ProducerKeyRegistry } from './producer-key.registry';
import { ProducerKeysController } from './producer-keys.controller';

/** Registers this process's ingress key before the consumers start (they start at bootstrap). */
class IngressKeyRegistration implements OnModuleInit {
  constructor(
    @Inject(ProducerKeyRegistry) private readonly registry: ProducerKeyRegistry,
    @Inject(IngressSigningKey) private readonly key: IngressSigningKey,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.registry.register(ANY_TENANT, this.key.keyId, this.key.publicKey, 'routing-ingress');
  }
}

/**
 * Producer credentials: the registry of tenants' signing keys, its admin API, the verifier of
 * signed send requests, and the ingress's own key. `ingressKey` is the one the bus signs with.
 */
@Module({})
export class ProducersModule {
  static register(ingressKey: IngressSigningKey): DynamicModule {
    return {
      module: ProducersModule,
      // Global: routing's send consumer verifies through it.
      global: true,
      controllers: [ProducerKeysController],
      providers: [ProducerKeyRegistry, EventSignatureVerifier, PlaintextSendReencryptor, AdminTokenGuard, IngressKeyRegistration, { provide: IngressSigningKey, useValue: ingressKey }, { provide: CLOCK, useValue: systemClock }],
      exports: [EventSignatureVerifier],
    };
  }
}
