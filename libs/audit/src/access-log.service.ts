import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { StatementBatcher } from '@app/platform/database/statement-batcher';

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
    await this.dataSource.query(
      `INSERT INTO access_log (occurred_at, person_id, advisory_id, advisory_version, classification)
       SELECT unnest($1::timestamptz[]), unnest($2::uuid[]), unnest($3::uuid[]), unnest($4::int[]), unnest($5::text[])`,
      [
        rows.map((r) => r.at),
        rows.map((r) => r.read.personId),
        rows.map((r) => r.read.advisoryId),
        rows.map((r) => r.read.advisoryVersion),
        rows.map((r) => r.read.classification),
      ],
    );
    return batch.map(() => undefined);
  }
}
