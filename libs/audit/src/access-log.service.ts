import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface AccessLogRecord {
  personId: string;
  advisoryId: string;
  advisoryVersion: number;
  classification: string;
}

/** Records reads of COUNCIL_CONFIDENTIAL and IESI views at FULL access (ACCESS-POLICY.md). */
@Injectable()
export class AccessLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(reads: AccessLogRecord[], at: Date): Promise<void> {
    if (reads.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO access_log (occurred_at, person_id, advisory_id, advisory_version, classification)
       SELECT $1, unnest($2::uuid[]), unnest($3::uuid[]), unnest($4::int[]), unnest($5::text[])`,
      [
        at,
        reads.map((r) => r.personId),
        reads.map((r) => r.advisoryId),
        reads.map((r) => r.advisoryVersion),
        reads.map((r) => r.classification),
      ],
    );
  }
}
