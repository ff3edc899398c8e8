import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { AuditLogEntryEntity } from '@app/audit/audit-log-entry.entity';
import { PageInfoModel } from '../../graphql/page-info.model';
import { JSONObjectScalar } from '../../graphql/json-object.scalar';

@ObjectType('AuditLogEntry', { description: 'One administrative decision, as recorded in the hash-chained log.' })
export class AuditLogEntryModel {
  @Field(() => ID) id: string;
  @Field(() => Date) occurredAt: Date;
  @Field(() => ID, { nullable: true, description: 'Null for decisions of the system itself (e.g. the bootstrap).' })
  actorId: string | null;
  @Field({ description: 'e.g. organisation.created, person.invited, clearance.granted' }) action: string;
  @Field() subjectType: string;
  @Field() subjectId: string;
  @Field(() => JSONObjectScalar, { nullable: true }) before: Record<string, unknown> | null;
  @Field(() => JSONObjectScalar, { nullable: true }) after: Record<string, unknown> | null;
  @Field({ description: 'The hash of the previous entry.' }) prevHash: string;
  @Field({ description: 'sha256(prevHash + canonical JSON of this entry).' }) hash: string;

  static from(entry: AuditLogEntryEntity): AuditLogEntryModel {
    return Object.assign(new AuditLogEntryModel(), {
      id: entry.id,
      occurredAt: entry.occurredAt,
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      before: entry.before,
      after: entry.after,
      prevHash: entry.prevHash,
      hash: entry.hash,
    });
  }
}

@ObjectType('AuditLogEdge')
export class AuditLogEdgeModel {
  @Field() cursor: string;
  @Field(() => AuditLogEntryModel) node: AuditLogEntryModel;
}

@ObjectType('AuditLogConnection')
export class AuditLogConnectionModel {
  @Field(() => [AuditLogEdgeModel]) edges: AuditLogEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}

@ObjectType('AuditChainStatus')
export class AuditChainStatusModel {
  @Field({ description: 'True when every entry links to the one before it.' }) ok: boolean;
  @Field({ description: 'Entries that link, from the first.' }) rows: number;
  @Field(() => ID, { nullable: true, description: 'The first entry that does not link.' }) brokenAt: string | null;
  @Field(() => String, { nullable: true }) problem: string | null;
}
