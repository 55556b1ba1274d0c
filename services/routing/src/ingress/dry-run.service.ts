import { Inject, Injectable } from '@nestjs/common';
import { ActionTaken, CapabilityStatus, Channel, E2eeCapability, FallbackReason, KeyDeliveryMode, Sensitivity } from '@switchback/contracts';
import { CLOCK, type Clock } from '@switchback/runtime';
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
  readonly secureLink?: { readonly channel: string; readonly keyMode: string; readonly ttlSeconds: number; readonly maxViews: number; readonly codeVia?: string };
}

/** Routes a send on paper: the same classification, policy, cohort and decide(); no side effect. */
@Injectable()
export class DryRunService {
  constructor(
    private readonly routing: RouteSendService,
    @Inject(CAPABILITY_LOOKUP) private readonly capabilities: CapabilityLookup,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async dryRun(tenantId: string, request: MessageRequest): Promise<DryRunAnswer> {
    const capability = await this.capabilities.lookup(request.to);
    const send = toSendRequested(request, tenantId, 'dry-run', this.clock.now()) as ValidSend;
    const { decision, classification, cohort, policyVersion } = await this.routing.evaluate(send, capability);
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
      ...(link ? { secureLink: { channel: enumName(Channel, link.channel), keyMode: enumName(KeyDeliveryMode, link.keyMode), ttlSeconds: link.ttlSeconds, maxViews: link.maxViews, ...(link.code ? { codeVia: link.code.via === 'sender' ? 'sender' : enumName(Channel, link.code.channel) } : {}) } } : {}),
    };
  }
}
