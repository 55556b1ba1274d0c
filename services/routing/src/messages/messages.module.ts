import { Module } from '@nestjs/common';
import { MessageLedger } from './message-ledger';

/** The message view: decisions, delivery legs and their lifecycle, metadata only. Needs DataSource. */
@Module({ providers: [MessageLedger], exports: [MessageLedger] })
export class MessagesModule {}
