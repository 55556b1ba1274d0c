import { Inject, Injectable } from '@nestjs/common';
import { ActionTaken, CapabilityStatus, Channel, E2eeCapability, FallbackReason, KeyDeliveryMode, Sensitivity } from '@switchback/contracts';
import { CLOCK, CONFIG, type Clock } from '@switchback/runtime';
import type { RoutingConfig } from '../config/routing.config';
import { enumName } from '../messages/enum-name';
import { RouteSendService, type ValidSend } from '../routing/route-send.service';
import { verdictOf } from '../routing/send-inputs';
import { CAPABILITY_LOOKUP, type CapabilityLookup } from '../capability/capability.client';
import { toSendRequested, type MessageRequest } from './message-request';

/** What a send would do, with names instead of enum numbers; never the text or the number. */
export interface DryRunAnswer {
  readonly channel: string;
  readonly actionTaken: string;
  readonly fallbackReason: string;
  readonly e2eeCapability: string;
  readonly sensitivity: string;
  readonly detectorIds: readonly string[];
  readonly cohort: string;
  readonly policyVersion: number;
  readonly capabilityStatus: string;
  readonly dualChannel: string;
  /**
   * Where the legs may leave: the tenant's residency regions (empty = any) and, per carrier
   * channel, the connector regions within them (the gateway picks the connector by health).
   */
  readonly connectors: { readonly residency: readonly string[]; readonly rcs: readonly string[]; readonly sms: readonly string[] };
  readonly secureLink?: { readonly channel: string; readonly keyMode: string; readonly ttlSeconds: number; readonly maxViews: number; readonly codeVia?: string };
}

/** Routes a send on paper: the same classification, policy, cohort and decide(); no side effect. */
@Injectable()
export class DryRunService {
  constructor(
    private readonly routing: RouteSendService,
    @Inject(CAPABILITY_LOOKUP) private readonly capabilities: CapabilityLookup,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<RoutingConfig, 'RCS_CONNECTOR_REGIONS' | 'SMS_CONNECTOR_REGIONS'>,
  ) {}

  async dryRun(tenantId: string, request: MessageRequest): Promise<DryRunAnswer> {
    const capability = await this.capabilities.lookup(request.to);
    const send = toSendRequested(request, tenantId, 'dry-run', this.clock.now()) as ValidSend;
    const { decision, classification, cohort, policy, policyVersion } = await this.routing.evaluate(send, capability);
    const residency = policy.residency.regions;
    const within = (regions: readonly string[]) => regions.filter((region) => residency.length === 0 || residency.includes(region as (typeof residency)[number]));
    const link = decision.secureLink;
    return {
      channel: enumName(Channel, decision.channel),
      actionTaken: enumName(ActionTaken, decision.actionTaken),
      fallbackReason: enumName(FallbackReason, decision.fallbackReason),
      e2eeCapability: enumName(E2eeCapability, decision.e2eeCapability),
      sensitivity: enumName(Sensitivity, verdictOf(classification.level)),
      detectorIds: [...classification.detectors],
      cohort: cohort.name,
      policyVersion,
      capabilityStatus: enumName(CapabilityStatus, capability.status),
      dualChannel: enumName(Channel, decision.dualChannel),
      connectors: { residency: [...residency], rcs: within(this.config.RCS_CONNECTOR_REGIONS), sms: within(this.config.SMS_CONNECTOR_REGIONS) },
      ...(link ? { secureLink: { channel: enumName(Channel, link.channel), keyMode: enumName(KeyDeliveryMode, link.keyMode), ttlSeconds: link.ttlSeconds, maxViews: link.maxViews, ...(link.code ? { codeVia: link.code.via === 'sender' ? 'sender' : enumName(Channel, link.code.channel) } : {}) } } : {}),
    };
  }
}
