import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OUTBOX_ENTITIES } from './outbox-entities';
import { OutboxRelayService } from './outbox-relay.service';

/**
 * The transactional outbox: the outbox_events table (advisories record into it with
 * recordOutboxEvent, in their change's transaction) and the one relay that hands the committed rows
 * of every OutboxSource (advisory events, incident deliveries and reminders) to BullMQ.
 */
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature(OUTBOX_ENTITIES)],
  providers: [OutboxRelayService],
  exports: [OutboxRelayService, TypeOrmModule],
})
export class OutboxModule {}
