import { Module } from '@nestjs/common';
import { BusKeyShredder } from './bus-key-shredder';

/** Routing's side of the bus envelope: the crypto-shredding schedule (sealing is the bus's). */
@Module({ providers: [BusKeyShredder] })
export class EnvelopeModule {}
