import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AccessLogService } from '@app/audit/access-log.service';
import { Clock } from '@app/platform/clock/clock';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { AdvisoryVersionEntity } from '../entities/advisory-version.entity';
import type { AdvisoryContent } from '../lifecycle/advisory-content';
import { AdvisoryErrors } from '../lifecycle/advisory-errors';
import { confidentialFullReads, projectContent } from '../lifecycle/project-content';
import { refusalMessage } from '@app/policy/advisories/advisory-refusals';
import { AdvisoryQueryService } from '../queries/advisory-query.service';
import type { AdvisoryVersionChange, AdvisoryVersionSnapshot } from './advisory-version-snapshot';

export interface AdvisoryVersionView {
  version: number;
  change: AdvisoryVersionChange;
  createdAt: Date;
  /** That version's content, as the reader may see it now. */
  advisory: AdvisoryView;
}

/**
 * The published versions of an advisory. Every version that readers could see is kept (the first
 * publication, each later edit or widening); the newest is also the advisories row.
 */
@Injectable()
export class AdvisoryVersionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly queries: AdvisoryQueryService,
    private readonly accessLog: AccessLogService,
    private readonly clock: Clock,
  ) {}

  /** Inside the transaction that makes `version` the current one. */
  async record(
    manager: EntityManager,
    advisoryId: string,
    version: number,
    change: AdvisoryVersionChange,
    content: AdvisoryContent,
    actorId: string,
  ): Promise<void> {
    const snapshot: AdvisoryVersionSnapshot = { change, content };
    await manager.save(
      manager.create(AdvisoryVersionEntity, {
        advisoryId,
        version,
        snapshot: snapshot as unknown as Record<string, unknown>,
        createdById: actorId,
      }),
    );
  }

  /** Newest first; for the secretariat and the originator (the policy's listVersions). */
  async list(reader: Reader, id: string): Promise<AdvisoryVersionView[]> {
    const now = this.clock.now();
    const { advisory, versions } = await this.dataSource.transaction(async (manager) => {
      const advisory = await this.queries.lockVisible(manager, reader, id);
      if (!advisory) throw AdvisoryErrors.notFound();
      if (!this.policy.canOnAdvisory(reader, 'listVersions', advisory)) {
        throw AdvisoryErrors.notAllowed(refusalMessage('listVersions', advisory, reader.id, this.policy.facts(reader, now)));
      }
      const versions = await manager.find(AdvisoryVersionEntity, {
        where: { advisoryId: advisory.id },
        order: { version: 'DESC' },
      });
      return { advisory, versions };
    });
    const ability = this.policy.advisoryAbility(reader, now);
    const views = versions.map((row) => {
      const snapshot = row.snapshot as unknown as AdvisoryVersionSnapshot;
      return {
        version: row.version,
        change: snapshot.change,
        createdAt: row.createdAt,
        advisory: projectContent(ability, advisory, snapshot.content, { version: row.version, updatedAt: row.createdAt }),
      };
    });
    await this.accessLog.record(
      confidentialFullReads(
        reader.id,
        views.map((v) => v.advisory),
      ),
      now,
    );
    return views;
  }
}
