import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { PeopleService, type NewPerson } from '@app/membership/people/people.service';
import { PersonEntity } from '@app/membership/people/person.entity';
import { assertMayEver, lockPersonFor } from '@app/membership/people/person-guard';
import { Clock } from '@app/platform/clock/clock';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { CouncilError } from '@app/platform/errors/council-error';
import { inputProblem } from '@app/platform/errors/input-problem';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { PasswordService } from '../passwords/password.service';
import { passwordProblem } from '../passwords/password-policy';
import { hashOneTimeToken, newOneTimeToken } from '../tokens/one-time-token';
import { InvitationEntity } from './invitation.entity';
import { InvitationMailer } from './invitation-mailer';

const DAY_MS = 86_400_000;
const MAX_TOKEN_LENGTH = 128;
const RENEW_REFUSAL = 'Only whoever may invite this person may renew their invitation';

/** How an invitation's token reached (or did not reach) the invitee. */
export enum InvitationDelivery {
  /** In this answer, to the inviter (development and tests only). */
  SHOWN = 'SHOWN',
  /** E-mailed to the invitee only (production). */
  EMAILED = 'EMAILED',
  /** Production without SMTP_URL: the invitation exists, but nobody has its token. */
  EMAIL_NOT_CONFIGURED = 'EMAIL_NOT_CONFIGURED',
  /** Production: the SMTP server did not take the message. */
  EMAIL_FAILED = 'EMAIL_FAILED',
}

const DELIVERY_NOTICES: Record<InvitationDelivery, string | null> = {
  [InvitationDelivery.SHOWN]: null,
  [InvitationDelivery.EMAILED]: null,
  [InvitationDelivery.EMAIL_NOT_CONFIGURED]:
    'The invitation was created, but e-mail is not configured (SMTP_URL), so the invitee has not received it: configure e-mail, then renew the invitation',
  [InvitationDelivery.EMAIL_FAILED]:
    'The invitation was created, but the e-mail to the invitee could not be sent: renew the invitation to try again',
};

/** An invitation as issued: the token is never stored, and in production never shown to the inviter. */
export interface IssuedInvitation {
  person: PersonEntity;
  /** The token, only where it is shown to the inviter (SHOWN); null otherwise. */
  token: string | null;
  expiresAt: Date;
  delivery: InvitationDelivery;
  /** For the inviter when the invitee did not receive the token; null otherwise. */
  notice: string | null;
}

/**
 * One-time invitations: the secretariat or an ORG_ADMIN invites a person, the person accepts with
 * the token and chooses a password. Only the token's SHA-256 is kept. In production the token
 * reaches only the invitee, by e-mail (ACCESS-POLICY.md "Clearances and accounts"): an inviter who
 * held it could accept as the invitee, and so hold a second identity. Elsewhere it is returned to
 * the inviter, so that development and tests need no mail server.
 */
@Injectable()
export class InvitationService {
  private readonly logger = new Logger('invitations');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    private readonly people: PeopleService,
    private readonly passwords: PasswordService,
    private readonly policy: PolicyService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly mailer: InvitationMailer,
  ) {}

  async invite(actor: Reader, input: NewPerson): Promise<IssuedInvitation> {
    const issued = await this.dataSource.transaction(async (manager) => {
      const person = await this.people.createInvitee(manager, actor, input);
      const { token, expiresAt, invitationId } = await this.issue(manager, actor, person.id);
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'person.invited',
        subjectType: 'Person',
        subjectId: person.id,
        before: null,
        after: { ...this.people.snapshot(person), invitationId, invitationExpiresAt: expiresAt },
      });
      return { personId: person.id, token, expiresAt };
    });
    const person = await this.people.reload(issued.personId);
    return { person, expiresAt: issued.expiresAt, ...(await this.deliver(person, issued.token, issued.expiresAt)) };
  }

  /** A new token for a person who has not accepted yet; earlier tokens stop working. */
  async renew(actor: Reader, personId: string): Promise<IssuedInvitation> {
    const ability = this.policy.membershipAbility(actor);
    assertMayEver(ability, 'invite', RENEW_REFUSAL);
    const issued = await this.dataSource.transaction(async (manager) => {
      const person = await lockPersonFor(manager, ability, 'invite', personId, RENEW_REFUSAL);
      if (await this.hasPassword(manager, person.id)) {
        throw CouncilError.conflict('This person has already accepted an invitation');
      }
      if (!person.active) throw CouncilError.conflict('This person is deactivated: activate them first');
      await this.closeOpenInvitations(manager, person.id);
      const { token, expiresAt, invitationId } = await this.issue(manager, actor, person.id);
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'invitation.renewed',
        subjectType: 'Person',
        subjectId: person.id,
        before: null,
        after: { invitationId, invitationExpiresAt: expiresAt },
      });
      return { token, expiresAt };
    });
    const person = await this.people.reload(personId);
    return { person, expiresAt: issued.expiresAt, ...(await this.deliver(person, issued.token, issued.expiresAt)) };
  }

  /** Sets the invited person's password; the token then never works again. */
  async accept(token: string, password: string): Promise<PersonEntity> {
    const problem = passwordProblem(password);
    if (problem) throw inputProblem('password', problem);
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw invalidToken();
    const personId = await this.dataSource.transaction(async (manager) => {
      const invitation = await manager.findOne(InvitationEntity, {
        where: { tokenHash: hashOneTimeToken(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!invitation) throw invalidToken();
      if (invitation.acceptedAt) throw inputProblem('token', 'this invitation has already been used');
      const now = this.clock.now();
      if (invitation.expiresAt.getTime() <= now.getTime()) {
        throw inputProblem('token', 'this invitation has expired; ask for a new one');
      }
      const person = await manager.findOne(PersonEntity, {
        where: { id: invitation.personId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!person || !person.active) throw inputProblem('token', 'this invitation is no longer valid');
      if (await this.hasPassword(manager, person.id)) {
        throw inputProblem('token', 'this invitation has already been used');
      }
      const passwordHash = await this.passwords.hash(password);
      await manager.update(PersonEntity, { id: person.id }, { passwordHash });
      await manager.update(InvitationEntity, { id: invitation.id }, { acceptedAt: now });
      await this.closeOpenInvitations(manager, person.id);
      await this.audit.append(manager, {
        actorId: person.id,
        action: 'invitation.accepted',
        subjectType: 'Person',
        subjectId: person.id,
        before: null,
        after: { invitationId: invitation.id },
      });
      return person.id;
    });
    return this.people.reload(personId);
  }

  /** After the invitation is committed: the token to the inviter (outside production) or to the invitee by e-mail. */
  private async deliver(
    person: PersonEntity,
    token: string,
    expiresAt: Date,
  ): Promise<Pick<IssuedInvitation, 'token' | 'delivery' | 'notice'>> {
    if (!this.config.production) return { token, delivery: InvitationDelivery.SHOWN, notice: null };
    let delivery = InvitationDelivery.EMAIL_NOT_CONFIGURED;
    if (this.mailer.enabled) {
      try {
        await this.mailer.send(person, token, expiresAt);
        delivery = InvitationDelivery.EMAILED;
      } catch (error) {
        this.logger.warn(
          `the invitation e-mail for person ${person.id} was not sent: ${error instanceof Error ? error.message : String(error)}`,
        );
        delivery = InvitationDelivery.EMAIL_FAILED;
      }
    }
    return { token: null, delivery, notice: DELIVERY_NOTICES[delivery] };
  }

  private async issue(
    manager: EntityManager,
    actor: Reader,
    personId: string,
  ): Promise<{ token: string; expiresAt: Date; invitationId: string }> {
    const { token, hash } = newOneTimeToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.invitationValidityDays * DAY_MS);
    const invitation = await manager.save(
      manager.create(InvitationEntity, { personId, tokenHash: hash, expiresAt, acceptedAt: null, invitedById: actor.id }),
    );
    return { token, expiresAt, invitationId: invitation.id };
  }

  private async closeOpenInvitations(manager: EntityManager, personId: string): Promise<void> {
    const now = this.clock.now();
    await manager.update(InvitationEntity, { personId, acceptedAt: IsNull(), expiresAt: MoreThan(now) }, { expiresAt: now });
  }

  private async hasPassword(manager: EntityManager, personId: string): Promise<boolean> {
    const row = await manager
      .createQueryBuilder(PersonEntity, 'p')
      .select('p.id', 'id')
      .where('p.id = :personId AND p.password_hash IS NOT NULL', { personId })
      .getRawOne<{ id: string }>();
    return row !== undefined;
  }
}

function invalidToken(): CouncilError {
  return inputProblem('token', 'this invitation token is not valid');
}
