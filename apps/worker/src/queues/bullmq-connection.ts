/** The BullMQ workers' connection: commands wait for Redis to come back (BullMQ requires maxRetriesPerRequest null). */
export const BULLMQ_CONNECTION = Symbol('BULLMQ_CONNECTION');

/**
 * The queues' (producers') connection: without an offline queue, an add while Redis is down fails
 * at once instead of waiting for the reconnection — the outbox relay then rolls back its
 * transaction and tries again on its next tick, instead of holding the transaction (and SIGTERM)
 * for the whole outage. PostgreSQL stays the truth; the reconciler re-adds what Redis lost.
 */
export const BULLMQ_QUEUE_CONNECTION = Symbol('BULLMQ_QUEUE_CONNECTION');
