import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { AccessLogEntryEntity } from '@app/audit/access-log-entry.entity';
import { Classification } from '@app/platform/vocabulary';
import { PageInfoModel } from '../../graphql/page-info.model';

@ObjectType('AccessLogEntry', { description: 'A read of a COUNCIL_CONFIDENTIAL or IESI view at FULL access.' })
export class AccessLogEntryModel {
  @Field(() => ID) id: string;
  @Field(() => Date) occurredAt: Date;
  @Field(() => ID) personId: string;
  @Field(() => ID) advisoryId: string;
  @Field(() => Int) advisoryVersion: number;
  @Field(() => Classification) classification: Classification;

  static from(entry: AccessLogEntryEntity): AccessLogEntryModel {
    return Object.assign(new AccessLogEntryModel(), {
      id: entry.id,
      occurredAt: entry.occurredAt,
      personId: entry.personId,
      advisoryId: entry.advisoryId,
      advisoryVersion: entry.advisoryVersion,
      classification: entry.classification as Classification,
    });
  }
}

@ObjectType('AccessLogEdge')
export class AccessLogEdgeModel {
  @Field() cursor: string;
  @Field(() => AccessLogEntryModel) node: AccessLogEntryModel;
}

@ObjectType('AccessLogConnection')
export class AccessLogConnectionModel {
  @Field(() => [AccessLogEdgeModel]) edges: AccessLogEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}
