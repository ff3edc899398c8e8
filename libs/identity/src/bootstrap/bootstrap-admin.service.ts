import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { PersonEntity } from '@app/membership/people/person.entity';
import { personSnapshot } from '@app/membership/people/person-snapshot';
import { normaliseEmail } from '@app/membership/people/people.service';
import { PledgeService } from '@app/membership/pledges/pledge.service';
import { Clock } from '@app/platform/clock/clock';
import { advisoryTransactionLock, db, typedSql } from '@app/platform/database/typed-sql';
import { COUNCIL_CONFIG, ConfigError, type CouncilConfig } from '@app/platform/config/council-config';
import { ClearanceLevel, Role } from '@app/platform/vocabulary';
import { PasswordService } from '../passwords/password.service';
import { passwordProblem } from '../passwords/password-policy';

/** Serialises bootstraps of replicas started together (an arbitrary constant). */
const BOOTSTRAP_LOCK_KEY = 0x626f6f74;

/**
 * RUNNING.md: at start, if no SECRETARIAT person exists, create one from
 * COUNCIL_BOOTSTRAP_ADMIN_EMAIL / _PASSWORD, with a valid pledge, so that a new council can be
 * administered at all. Once a secretariat person exists the settings are ignored.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('bootstrap');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    private readonly passwords: PasswordService,
    private readonly pledges: PledgeService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureAdmin();
  }

  /** Returns the id of the person it created, or null when none was needed. */
  async ensureAdmin(): Promise<string | null> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return null;
    const problem = passwordProblem(admin.password);
    if (problem) throw new ConfigError(`COUNCIL_BOOTSTRAP_ADMIN_PASSWORD: ${problem}`);
    const email = normaliseEmail(admin.email);
    const passwordHash = await this.passwords.hash(admin.password);
    const created = await this.dataSource.transaction(async (manager) => {
      await typedSql(manager).execute(advisoryTransactionLock(BOOTSTRAP_LOCK_KEY));
      const secretariat = await typedSql(manager).first(
        db.selectNoFrom((eb) =>
          eb
            .exists(
              eb
                .selectFrom('persons')
                .select(eb.lit(1).as('one'))
                .where(sql<boolean>`${Role.SECRETARIAT} = ANY(roles)`),
            )
            .as('exists'),
        ),
      );
      if (secretariat?.exists) return null;
      if (await manager.exists(PersonEntity, { where: { email } })) {
        this.logger.warn(`no secretariat person exists, but ${email} belongs to another person: none created`);
        return null;
      }
      const person = await manager.save(
        manager.create(PersonEntity, {
          email,
          displayName: 'Secretariat administrator',
          organisationId: null,
          individualTier: null,
          roles: [Role.SECRETARIAT],
          active: true,
          pledgeExpiresAt: this.pledges.expiryFrom(this.clock.now()),
          clearanceLevel: ClearanceLevel.NONE,
          clearanceExpiresAt: null,
          clearanceSuspended: false,
          passwordHash,
        }),
      );
      await this.audit.append(manager, {
        actorId: null,
        action: 'person.bootstrapped',
        subjectType: 'Person',
        subjectId: person.id,
        before: null,
        after: personSnapshot(person),
      });
      return person.id;
    });
    if (created) this.logger.log(`created the first secretariat person, ${email}`);
    return created;
  }
}
