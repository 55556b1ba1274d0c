import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CapabilityPin, PinDecision } from '../capability/pin-decision';
import { CapabilityLevelChangeEntity } from './capability-level-change.entity';
import { CapabilityPinEntity } from './capability-pin.entity';
import { PinStore, type AfterDecision, type DecidePin, type Observation } from './pin-store';

/** Pins in Postgres: the contact's row is locked while deciding, so concurrent answers serialise. */
@Injectable()
export class TypeOrmPinStore extends PinStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async find(recipientHash: string): Promise<CapabilityPin | undefined> {
    const row = await this.dataSource.getRepository(CapabilityPinEntity).findOneBy({ recipientHash });
    return row ? toPin(row) : undefined;
  }

  async apply(recipientHash: string, observation: Observation, decide: DecidePin, after: AfterDecision): Promise<PinDecision> {
    const run = () => this.dataSource.transaction((manager) => this.applyOnce(manager, recipientHash, observation, decide, after));
    // A first sighting can lose the insert race to another instance: then the row exists, re-read it.
    const decision = (await run()) ?? (await run());
    if (!decision) throw new Error('capability pin insert kept conflicting');
    return decision;
  }

  private async applyOnce(manager: EntityManager, recipientHash: string, observation: Observation, decide: DecidePin, after: AfterDecision): Promise<PinDecision | undefined> {
    const pins = manager.getRepository(CapabilityPinEntity);
    const row = await pins.createQueryBuilder('pin').setLock('pessimistic_write').where('pin.recipient_hash = :recipientHash', { recipientHash }).getOne();
    const decision = decide(row ? toPin(row) : undefined);
    const values = {
      recipientHash,
      pinnedLevel: decision.pin.pinnedLevel,
      pinnedAt: new Date(decision.pin.pinnedAtMs),
      lastLevel: decision.pin.lastLevel,
      lastSeenAt: new Date(decision.pin.lastSeenAtMs),
    };
    if (row) {
      await pins.update({ recipientHash }, values);
    } else {
      const inserted = await manager.createQueryBuilder().insert().into(CapabilityPinEntity).values(values).orIgnore().returning('recipient_hash').execute();
      if ((inserted.raw as unknown[]).length === 0) return undefined;
    }
    if (decision.levelChanged) {
      await manager.getRepository(CapabilityLevelChangeEntity).insert({
        recipientHash,
        previousLevel: decision.previousLevel,
        level: decision.pin.lastLevel,
        pinnedLevel: decision.pin.pinnedLevel,
        downgradeSuspected: decision.downgradeSuspected,
        carrier: observation.carrier,
        region: observation.region,
        observedAt: new Date(decision.pin.lastSeenAtMs),
      });
    }
    await after(decision);
    return decision;
  }
}

function toPin(row: CapabilityPinEntity): CapabilityPin {
  return { pinnedLevel: row.pinnedLevel, pinnedAtMs: row.pinnedAt.getTime(), lastLevel: row.lastLevel, lastSeenAtMs: row.lastSeenAt.getTime() };
}
