import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/platform/clock/clock';
import { advisoryTransactionLock, db, typedSql } from '@app/platform/database/typed-sql';
import { AuditLogEntryEntity } from './audit-log-entry.entity';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { toJsonValue } from './canonical-json';
import { verifyChain, type VerificationResult } from './chain-verification';
import { tableCheckpoints } from './checkpoints/checkpoint-store';

export type { VerificationResult } from './chain-verification';

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
    await typedSql(manager).execute(advisoryTransactionLock(AUDIT_CHAIN_LOCK_KEY));
    const last = await typedSql(manager).first(db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1));
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

  /**
   * Walks the whole chain in id order and reports the first row that does not link, or a
   * checkpoint of audit_checkpoints it no longer reaches. Their signatures are the business of
   * `npm run audit:verify`, which holds the public key: here a forged checkpoint could only make
   * the check fail, never hide a removal.
   */
  async verify(batchSize = 5000): Promise<VerificationResult> {
    const checkpoints = await tableCheckpoints(this.dataSource);
    return verifyChain(
      (afterId, limit) =>
        this.dataSource
          .getRepository(AuditLogEntryEntity)
          .createQueryBuilder('e')
          .where('e.id > :afterId', { afterId })
          .orderBy('e.id', 'ASC')
          .limit(limit)
          .getMany(),
      batchSize,
      checkpoints,
    );
  }
}
