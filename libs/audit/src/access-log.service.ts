import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { StatementBatcher } from '@app/platform/database/statement-batcher';
import { db, typedSql } from '@app/platform/database/typed-sql';

export interface AccessLogRecord {
  personId: string;
  advisoryId: string;
  advisoryVersion: number;
  classification: string;
}

interface TimedReads {
  reads: AccessLogRecord[];
  at: Date;
}

/**
 * Records reads of COUNCIL_CONFIDENTIAL and IESI views at FULL access (ACCESS-POLICY.md). A read
 * is answered only once its rows are committed; the reads of the requests answered in one turn of
 * the event loop share one INSERT, since a busy feed would otherwise pay a statement (and a
 * commit) per request.
 */
@Injectable()
export class AccessLogService {
  private readonly inserts: StatementBatcher<TimedReads, void>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.inserts = new StatementBatcher((batch) => this.insert(batch));
  }

  async record(reads: AccessLogRecord[], at: Date): Promise<void> {
    if (reads.length === 0) return;
    await this.inserts.call({ reads, at });
  }

  private async insert(batch: TimedReads[]): Promise<void[]> {
    const rows = batch.flatMap(({ reads, at }) => reads.map((read) => ({ read, at })));
    await typedSql(this.dataSource).execute(
      db
        .insertInto('access_log')
        .columns(['occurred_at', 'person_id', 'advisory_id', 'advisory_version', 'classification'])
        .expression(
          db.selectNoFrom([
            sql<Date>`unnest(${rows.map((r) => r.at)}::timestamptz[])`.as('occurred_at'),
            sql<string>`unnest(${rows.map((r) => r.read.personId)}::uuid[])`.as('person_id'),
            sql<string>`unnest(${rows.map((r) => r.read.advisoryId)}::uuid[])`.as('advisory_id'),
            sql<number>`unnest(${rows.map((r) => r.read.advisoryVersion)}::int[])`.as('advisory_version'),
            sql<string>`unnest(${rows.map((r) => r.read.classification)}::text[])`.as('classification'),
          ]),
        ),
    );
    return batch.map(() => undefined);
  }
}
