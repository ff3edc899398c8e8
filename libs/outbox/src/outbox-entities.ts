import { OutboxEventEntity } from './outbox-event.entity';

/** The tables this library owns; its module registers them (TypeOrmModule.forFeature). */
export const OUTBOX_ENTITIES = [OutboxEventEntity];
