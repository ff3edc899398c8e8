import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/platform/clock/clock';
import { AuditLogEntryEntity } from './audit-log-entry.entity';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { toJsonValue } from './canonical-json';

/** The key of the transaction-scoped advisory lock that serialises appends to the chain. */
const AUDIT_CHAIN_LOCK_KEY = 0x61756469;

export interface AuditRecord {
  actorId: string | null;
  /** e.g. organisation.created, person.invited, clearance.granted, advisory.approved */
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

export interface VerificationResult {
  ok: boolean;
  rows: number;
  /** The first row whose link does not hold, when the chain is broken. */
  brokenAt?: string;
  problem?: string;
}

/**
 * The append-only, hash-chained decision log. `append` must run inside the transaction of the
 * decision it records, so the decision and its record commit or fail together.
 */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async append(manager: EntityManager, record: AuditRecord): Promise<AuditLogEntryEntity> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const [last] = await manager.query<Array<{ hash: string }>>(
      'SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1',
    );
    const content = {
      occurredAt: this.clock.now(),
      actorId: record.actorId,
      action: record.action,
      subjectType: record.subjectType,
      subjectId: record.subjectId,
      before: toJsonValue(record.before),
      after: toJsonValue(record.after),
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const entry = manager.create(AuditLogEntryEntity, { ...content, prevHash, hash: chainHash(prevHash, content) });
    return manager.save(entry);
  }

  /** Walks the whole chain in id order and reports the first row that does not link. */
  async verify(batchSize = 5000): Promise<VerificationResult> {
    let prevHash = GENESIS_HASH;
    let rows = 0;
    let afterId = '0';
    for (;;) {
      const batch = await this.dataSource
        .getRepository(AuditLogEntryEntity)
        .createQueryBuilder('e')
        .where('e.id > :afterId', { afterId })
        .orderBy('e.id', 'ASC')
        .limit(batchSize)
        .getMany();
      if (batch.length === 0) return { ok: true, rows };
      for (const entry of batch) {
        if (entry.prevHash !== prevHash) {
          return { ok: false, rows, brokenAt: entry.id, problem: 'prev_hash does not match the previous row (a row was removed or reordered)' };
        }
        if (chainHash(prevHash, entry) !== entry.hash) {
          return { ok: false, rows, brokenAt: entry.id, problem: 'hash does not match the row content (the row was changed)' };
        }
        prevHash = entry.hash;
        rows++;
      }
      afterId = batch[batch.length - 1].id;
    }
  }
}
