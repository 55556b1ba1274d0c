import { TenantPolicyEntity } from '../policy/tenant-policy.entity';
import { CreateTenantPolicies1764000000000 } from './1764000000000-create-tenant-policies';
import { IdempotencyKeyEntity } from '../ingress/idempotency-key.entity';
import { MessageLegEntity } from '../messages/message-leg.entity';
import { MessageViewEntity } from '../messages/message-view.entity';
import { CreateIngressAndMessageViews1764100000000 } from './1764100000000-create-ingress-and-message-views';
import { HeldMessageEntity } from '../hold/held-message.entity';
import { CreateHeldMessages1764300000000 } from './1764300000000-create-held-messages';
import { IngressTakeoverAndRetention1764500000000 } from './1764500000000-ingress-takeover-and-retention';
import { CreateSecureLinkDispatches1764600000000 } from './1764600000000-create-secure-link-dispatches';
import { CreateMessageLifecycles1764700000000 } from './1764700000000-create-message-lifecycles';
import { LifecycleTraceAndRetention1764800000000 } from './1764800000000-lifecycle-trace-and-retention';
import { CreateOutboxEvents1764900000000 } from './1764900000000-create-outbox-events';
import { CreateProducerKeys1765000000000 } from './1765000000000-create-producer-keys';
import { CreateContentFingerprintKeys1765800000000 } from './1765800000000-create-content-fingerprint-keys';

/** Everything routing keeps in its own schema. */
export const routingEntities = [TenantPolicyEntity, IdempotencyKeyEntity, MessageViewEntity, MessageLegEntity, HeldMessageEntity];
export const routingMigrations = [CreateTenantPolicies1764000000000, CreateIngressAndMessageViews1764100000000, CreateHeldMessages1764300000000, IngressTakeoverAndRetention1764500000000, CreateSecureLinkDispatches1764600000000, CreateMessageLifecycles1764700000000, LifecycleTraceAndRetention1764800000000, CreateOutboxEvents1764900000000, CreateProducerKeys1765000000000, CreateContentFingerprintKeys1765800000000];
