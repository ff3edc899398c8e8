export * from './outbox-event.entity';
export * from './outbox-entities';
export * from './outbox-source';
export * from './outbox-relay.service';
export * from './outbox.module';
export * from './record-outbox-event';
