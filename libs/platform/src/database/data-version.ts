import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { StatementBatcher } from './statement-batcher';
import { db, typedSql } from './typed-sql';

/**
 * The number the DataVersion migration's triggers bump in every transaction that writes
 * advisories or organisations, read as of now. Equal readings mean that no such change has
 * committed in between. The requests of one event-loop turn share one read.
 */
@Injectable()
export class DataVersion {
  private readonly reads: StatementBatcher<void, string>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.reads = new StatementBatcher(async (calls) => {
      const [row] = await typedSql(dataSource).rows(db.selectFrom('council_data_version').select('version'));
      return calls.map(() => row.version);
    });
  }

  current(): Promise<string> {
    return this.reads.call();
  }
}
