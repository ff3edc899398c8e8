import { Args, Query, Resolver } from '@nestjs/graphql';
import { AuditLogQueryService } from '@app/audit/audit-log-query.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { decodeCursor, encodeCursor, isLogId } from '../graphql/id-cursor';
import { AccessLogArgs } from './dto/access-log.args';
import { AuditLogArgs } from './dto/audit-log.args';
import { AccessLogConnectionModel, AccessLogEntryModel } from './models/access-log-entry.model';
import { AuditChainStatusModel, AuditLogConnectionModel, AuditLogEntryModel } from './models/audit-log-entry.model';

/** Read-only: the API has no operation that writes either log. */
@Resolver()
export class AuditLogResolver {
  constructor(private readonly logs: AuditLogQueryService) {}

  @Query(() => AuditLogConnectionModel, { description: 'Auditors only: administrative decisions, newest first.' })
  async auditLog(@Args() args: AuditLogArgs, @CurrentPerson() reader: AuthenticatedPerson): Promise<AuditLogConnectionModel> {
    const beforeId = decodeCursor('auditLog', args.after, isLogId);
    const { action, subjectType, subjectId, actorId } = args;
    const page = await this.logs.auditLog(reader, { first: args.first, beforeId }, { action, subjectType, subjectId, actorId });
    const edges = page.entries.map((e) => ({ cursor: encodeCursor('auditLog', e.id), node: AuditLogEntryModel.from(e) }));
    return Object.assign(new AuditLogConnectionModel(), {
      edges,
      pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage: page.hasNextPage },
    });
  }

  @Query(() => AccessLogConnectionModel, {
    description: 'Auditors only: FULL reads of COUNCIL_CONFIDENTIAL and IESI views, newest first.',
  })
  async accessLog(@Args() args: AccessLogArgs, @CurrentPerson() reader: AuthenticatedPerson): Promise<AccessLogConnectionModel> {
    const beforeId = decodeCursor('accessLog', args.after, isLogId);
    const { personId, advisoryId } = args;
    const page = await this.logs.accessLog(reader, { first: args.first, beforeId }, { personId, advisoryId });
    const edges = page.entries.map((e) => ({ cursor: encodeCursor('accessLog', e.id), node: AccessLogEntryModel.from(e) }));
    return Object.assign(new AccessLogConnectionModel(), {
      edges,
      pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage: page.hasNextPage },
    });
  }

  @Query(() => AuditChainStatusModel, {
    description: "Auditors only: re-walks the decision log's hash chain (as `npm run audit:verify` does).",
  })
  async auditChainStatus(@CurrentPerson() reader: AuthenticatedPerson): Promise<AuditChainStatusModel> {
    const result = await this.logs.verify(reader);
    return Object.assign(new AuditChainStatusModel(), {
      ok: result.ok,
      rows: result.rows,
      brokenAt: result.brokenAt ?? null,
      problem: result.problem ?? null,
    });
  }
}
