import type { EntityManager } from 'typeorm';
import { OutboxEventEntity, type OutboxEventType } from './outbox-event.entity';

/**
 * ALERTS.md: the event is committed with the change that causes it (transactional outbox); the
 * worker's relay hands it on. Must be called with the manager of that change's transaction.
 */
export async function recordOutboxEvent(
  manager: EntityManager,
  event: OutboxEventType,
  advisory: { id: string; version: number },
  occurredAt: Date,
): Promise<void> {
  await manager.insert(OutboxEventEntity, {
    event,
    advisoryId: advisory.id,
    advisoryVersion: advisory.version,
    occurredAt,
    dispatchedAt: null,
  });
}
