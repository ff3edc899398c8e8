import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CouncilError } from '@app/platform/errors/council-error';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { AuditLogEntryEntity } from './audit-log-entry.entity';
import { AccessLogEntryEntity } from './access-log-entry.entity';
import { AuditLogService, type VerificationResult } from './audit-log.service';

export interface LogPage<T> {
  entries: T[];
  hasNextPage: boolean;
}

export interface AuditLogFilter {
  action?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  actorId?: string | null;
}

export interface AccessLogFilter {
  personId?: string | null;
  advisoryId?: string | null;
}

/**
 * The decision and access logs as auditors read them: newest first, a page at a time, by id
 * (ids only grow, so a page never shifts when rows are appended). Nothing here writes.
 */
@Injectable()
export class AuditLogQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly chain: AuditLogService,
  ) {}

  async auditLog(
    reader: Reader,
    page: { first: number; beforeId?: string | null },
    filter: AuditLogFilter = {},
  ): Promise<LogPage<AuditLogEntryEntity>> {
    this.assertMay(reader, 'AuditLog');
    const query = this.dataSource.getRepository(AuditLogEntryEntity).createQueryBuilder('e');
    if (page.beforeId) query.andWhere('e.id < :beforeId', { beforeId: page.beforeId });
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.subjectType) query.andWhere('e.subject_type = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectId) query.andWhere('e.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter.actorId) query.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    const rows = await query
      .orderBy('e.id', 'DESC')
      .limit(page.first + 1)
      .getMany();
    return { entries: rows.slice(0, page.first), hasNextPage: rows.length > page.first };
  }

  async accessLog(
    reader: Reader,
    page: { first: number; beforeId?: string | null },
    filter: AccessLogFilter = {},
  ): Promise<LogPage<AccessLogEntryEntity>> {
    this.assertMay(reader, 'AccessLog');
    const query = this.dataSource.getRepository(AccessLogEntryEntity).createQueryBuilder('e');
    if (page.beforeId) query.andWhere('e.id < :beforeId', { beforeId: page.beforeId });
    if (filter.personId) query.andWhere('e.person_id = :personId', { personId: filter.personId });
    if (filter.advisoryId) query.andWhere('e.advisory_id = :advisoryId', { advisoryId: filter.advisoryId });
    const rows = await query
      .orderBy('e.id', 'DESC')
      .limit(page.first + 1)
      .getMany();
    return { entries: rows.slice(0, page.first), hasNextPage: rows.length > page.first };
  }

  /** Re-walks the decision log's hash chain (the same check as `npm run audit:verify`). */
  async verify(reader: Reader): Promise<VerificationResult> {
    this.assertMay(reader, 'AuditLog');
    return this.chain.verify();
  }

  private assertMay(reader: Reader, log: 'AuditLog' | 'AccessLog'): void {
    if (!this.policy.membershipAbility(reader).can('read', log)) {
      throw CouncilError.forbidden('Only auditors read the decision and access logs');
    }
  }
}
