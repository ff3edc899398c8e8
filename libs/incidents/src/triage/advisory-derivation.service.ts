import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { AdvisoryContent } from '@app/advisories/lifecycle/advisory-content';
import { AdvisoryErrors } from '@app/advisories/lifecycle/advisory-errors';
import { AdvisoryLifecycleService } from '@app/advisories/lifecycle/advisory-lifecycle.service';
import { AuditLogService } from '@app/audit/audit-log.service';
import { OrganisationEntity } from '@app/membership/organisations/organisation.entity';
import { PersonEntity } from '@app/membership/people/person.entity';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { sqlCondition } from '@app/policy/sql/sql-condition';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { IncidentCampaignService } from '../campaigns/incident-campaign.service';
import { IncidentErrors } from '../incident-errors';
import { permitsPurpose, purposePermittedSql, SHARING_PURPOSE } from '@app/policy/incidents/incident-purposes';
import { IncidentReportQueryService } from '../reports/incident-report-query.service';
import { INCIDENT_REPORT_SUBJECT } from '../reports/incident-report-submission.service';
import { IncidentReportAdvisoryEntity } from './incident-report-advisory.entity';
import { fieldsNamingReporters } from './reporter-identities';

export const MAX_REPORTS_PER_ADVISORY = 100;

/**
 * The secretariat derives a DRAFT advisory from one or more reports. The content is what the
 * secretariat writes by hand (sanitised; nothing is copied from the reports), the advisory is
 * unattributed unless asked otherwise (and then names the secretariat's organisation, never a
 * reporter), and it goes through the normal lifecycle: the draft, its links to the reports and
 * the audit rows commit in one transaction; submission and moderation follow as for any advisory.
 *
 * Only reports whose reporters allowed SHARING_AFTER_SANITISING may be used. The deriving
 * secretariat person is the advisory's author, so ACCESS-POLICY.md's writing rules apply to them:
 * they must be a member (a secretariat person without an organisation or individual tier cannot
 * derive), and four eyes then need another secretariat person to approve.
 */
@Injectable()
export class AdvisoryDerivationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: IncidentReportQueryService,
    private readonly campaigns: IncidentCampaignService,
    private readonly lifecycle: AdvisoryLifecycleService,
    private readonly audit: AuditLogService,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
  ) {}

  async derive(secretariat: Reader, reportIds: string[], content: AdvisoryContent): Promise<AdvisoryView> {
    this.campaigns.assertTriage(secretariat);
    // ACCESS-POLICY.md: only members author advisories, and whoever derives one is its author.
    if (!this.policy.canOnAdvisory(secretariat, 'create', {})) {
      throw CouncilError.forbidden(
        'Whoever derives an advisory is its author, and only members of the council author advisories: the secretariat ' +
          'person needs a member organisation (or an individual membership) and a valid confidentiality pledge',
      );
    }
    const ids = [...new Set(reportIds.map((id) => id.toLowerCase()))];
    if (ids.length === 0) throw IncidentErrors.invalid('reportIds', 'give at least one report id');
    if (ids.length > MAX_REPORTS_PER_ADVISORY) {
      throw IncidentErrors.invalid('reportIds', `at most ${MAX_REPORTS_PER_ADVISORY} reports per advisory`);
    }
    const now = this.clock.now();
    const advisoryId = await this.dataSource.transaction(async (manager) => {
      const reports = await this.queries.findVisibleMany(secretariat, ids, manager);
      if (reports.length !== ids.length) throw IncidentErrors.reportNotFound();
      // The incident's latest report is the reporter's current word (as for statistics): a
      // follow-up that withdrew SHARING_AFTER_SANITISING also withdraws it from earlier reports.
      // FOR SHARE: a follow-up changing the purposes waits for this derivation, or it waits for it.
      const purpose = new SqlParameters();
      const sharingPermitted = purposePermittedSql('latest', purpose.add(SHARING_PURPOSE));
      const withdrawn = await typedSql(manager).rows(
        db
          .selectFrom('incident_reports as r')
          .innerJoin('incident_cases as c', 'c.id', 'r.incident_id')
          .innerJoin('incident_reports as latest', (join) =>
            join.onRef('latest.incident_id', '=', 'c.id').onRef('latest.sequence', '=', 'c.latest_sequence'),
          )
          .select('r.id')
          .where('r.id', '=', sql<string>`ANY(${reports.map((r) => r.id)}::uuid[])`)
          .where((eb) => eb.not(sqlCondition(sharingPermitted, purpose)))
          .forShare('c'),
      );
      const withdrawnIds = new Set(withdrawn.map((row) => row.id));
      const notShareable = reports.filter((r) => !permitsPurpose(r, SHARING_PURPOSE) || withdrawnIds.has(r.id)).map((r) => r.id);
      if (notShareable.length > 0) {
        throw CouncilError.forbidden(
          `The reporter did not allow sharing with members after sanitising (SHARING_AFTER_SANITISING) for report(s) ${notShareable.join(', ')}`,
        );
      }
      // Everyone who reported on these incidents, not only the authors of the reports given: a
      // follow-up by a CISO must not let the name of the colleague who opened the incident through.
      const incidentIds = [...new Set(reports.map((r) => r.incidentId))];
      const reporters = await typedSql(manager).rows(
        db
          .selectFrom('incident_reports')
          .select('author_id as person_id')
          .where('incident_id', '=', sql<string>`ANY(${incidentIds}::uuid[])`)
          .union(
            db
              .selectFrom('incident_cases')
              .select('opened_by_id as person_id')
              .where('id', '=', sql<string>`ANY(${incidentIds}::uuid[])`),
          ),
      );
      const identities = await this.reporterIdentities(
        manager,
        reports.map((r) => r.organisationId),
        [...reports.map((r) => r.authorId), ...reporters.map((row) => row.person_id)],
      );
      const naming = fieldsNamingReporters(content, identities);
      if (naming.length > 0) {
        throw AdvisoryErrors.invalid(
          naming.map((field) => ({
            field: `input.${field}`,
            problem: 'names a reporting organisation or person: reporters are never shown to readers',
          })),
        );
      }
      const id = await this.lifecycle.createDraftIn(manager, secretariat, content);
      await manager.insert(
        IncidentReportAdvisoryEntity,
        reports.map((r) => ({ reportId: r.id, advisoryId: id, derivedById: secretariat.id, derivedAt: now })),
      );
      for (const report of reports) {
        await this.audit.append(manager, {
          actorId: secretariat.id,
          action: 'incident_report.advisory_derived',
          subjectType: INCIDENT_REPORT_SUBJECT,
          subjectId: report.id,
          after: { advisoryId: id },
        });
      }
      return id;
    });
    return this.lifecycle.viewFor(secretariat, advisoryId);
  }

  /** Read through the derivation's own transaction: a second pool connection could wait on it. */
  private async reporterIdentities(manager: EntityManager, organisationIds: Array<string | null>, authorIds: string[]): Promise<string[]> {
    const orgIds = [...new Set(organisationIds.filter((id): id is string => id !== null))];
    const organisations = orgIds.length ? await manager.findBy(OrganisationEntity, { id: In(orgIds) }) : [];
    const people = await manager.findBy(PersonEntity, { id: In([...new Set(authorIds)]) });
    return [...organisations.map((o) => o.name), ...people.flatMap((p) => [p.displayName, p.email])];
  }
}
