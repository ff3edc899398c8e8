import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import type { PersonEntity } from '@app/membership/people/person.entity';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { inputProblem } from '@app/platform/errors/input-problem';
import { isUuid } from '@app/advisories/queries/feed-cursor';
import { FeedTokenEntity } from './feed-token.entity';
import { hashFeedToken, isFeedTokenShaped, newFeedTokenSecret } from './feed-token-secret';

/** How many unrevoked, unexpired tokens one person may hold: enough for every reader they run. */
export const MAX_ACTIVE_FEED_TOKENS = 20;
export const MAX_FEED_TOKEN_NAME_LENGTH = 200;
/** The active ones always fit; older revoked ones fall off the list (the audit log keeps them). */
const MAX_LISTED_FEED_TOKENS = 100;
/** last_used_at is written at most this often per token, so a busy reader costs no write per pull. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface NewFeedToken {
  name: string;
  expiresAt?: Date | null;
}

/** A token as created: the secret is in this answer and nowhere else, ever. */
export interface CreatedFeedToken {
  token: string;
  feedToken: FeedTokenEntity;
}

/** Who a feed token speaks for, in their state of now. */
export interface FeedTokenBearer {
  tokenId: string;
  person: PersonEntity;
}

/**
 * Feed tokens: a person creates named tokens for their feed readers, lists and revokes them. A
 * token acts as its person and never as more: the person and organisation are reloaded on every
 * use, so whatever the person lost since (clearance, membership, activity) the token lost too.
 */
@Injectable()
export class FeedTokenService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /**
   * The person's own tokens: unrevoked ones first, then newest first; revoked and expired ones are
   * history and are included, up to MAX_LISTED_FEED_TOKENS in all.
   */
  list(person: PersonEntity): Promise<FeedTokenEntity[]> {
    return this.dataSource
      .getRepository(FeedTokenEntity)
      .createQueryBuilder('t')
      .where('t.person_id = :personId', { personId: person.id })
      .orderBy('(t.revoked_at IS NULL)', 'DESC')
      .addOrderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(MAX_LISTED_FEED_TOKENS)
      .getMany();
  }

  async create(person: PersonEntity, input: NewFeedToken): Promise<CreatedFeedToken> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_FEED_TOKEN_NAME_LENGTH) {
      throw inputProblem('name', `name must be 1 to ${MAX_FEED_TOKEN_NAME_LENGTH} characters`);
    }
    const now = this.clock.now();
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      throw inputProblem('expiresAt', 'expiresAt must be in the future');
    }
    const { token, hash } = newFeedTokenSecret();
    const feedToken = await this.dataSource.transaction(async (manager) => {
      // Serialises this person's creations, so two at once cannot both slip under the cap.
      await typedSql(manager).execute(db.selectFrom('persons').select('id').where('id', '=', person.id).forUpdate());
      const active = await typedSql(manager).first(
        db
          .selectFrom('feed_tokens')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('person_id', '=', person.id)
          .where('revoked_at', 'is', null)
          .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])),
      );
      if (Number(active?.count) >= MAX_ACTIVE_FEED_TOKENS) {
        throw CouncilError.conflict(`You already have ${MAX_ACTIVE_FEED_TOKENS} active feed tokens: revoke one you no longer use first`);
      }
      const saved = await manager.save(
        manager.create(FeedTokenEntity, { personId: person.id, name, secretHash: hash, expiresAt, revokedAt: null, lastUsedAt: null }),
      );
      await this.audit.append(manager, {
        actorId: person.id,
        action: 'feedToken.created',
        subjectType: 'FeedToken',
        subjectId: saved.id,
        before: null,
        after: { personId: person.id, name, expiresAt },
      });
      return saved;
    });
    return { token, feedToken: await this.reload(feedToken.id) };
  }

  /** Revokes one of the person's own tokens; anyone else's answers exactly like a missing one. */
  async revoke(person: PersonEntity, id: string): Promise<FeedTokenEntity> {
    if (!isUuid(id)) throw CouncilError.notFound('Feed token');
    await this.dataSource.transaction(async (manager) => {
      const feedToken = await manager.findOne(FeedTokenEntity, {
        where: { id, personId: person.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!feedToken) throw CouncilError.notFound('Feed token');
      if (feedToken.revokedAt) return; // Revoking twice changes nothing and records nothing.
      const revokedAt = this.clock.now();
      await manager.update(FeedTokenEntity, { id }, { revokedAt });
      await this.audit.append(manager, {
        actorId: person.id,
        action: 'feedToken.revoked',
        subjectType: 'FeedToken',
        subjectId: id,
        before: { revokedAt: null },
        after: { revokedAt },
      });
    });
    return this.reload(id);
  }

  /**
   * The person a presented token speaks for, or null when the token is unknown, revoked, expired,
   * or its person or their organisation is inactive. One indexed lookup by the token's hash.
   */
  async authenticate(presented: string): Promise<FeedTokenBearer | null> {
    if (!isFeedTokenShaped(presented)) return null;
    const feedToken = await this.dataSource.getRepository(FeedTokenEntity).findOne({
      where: { secretHash: hashFeedToken(presented) },
      relations: { person: { organisation: true } },
    });
    const now = this.clock.now();
    if (!feedToken || feedToken.revokedAt) return null;
    if (feedToken.expiresAt && feedToken.expiresAt.getTime() <= now.getTime()) return null;
    const person = feedToken.person;
    if (!person.active || (person.organisation && !person.organisation.active)) return null;
    await this.recordUse(feedToken, now);
    return { tokenId: feedToken.id, person };
  }

  private async recordUse(feedToken: FeedTokenEntity, now: Date): Promise<void> {
    if (feedToken.lastUsedAt && now.getTime() - feedToken.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    // The condition repeats the check so that concurrent pulls write once, not once each.
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await typedSql(this.dataSource).execute(
      db
        .updateTable('feed_tokens')
        .set({ last_used_at: now })
        .where('id', '=', feedToken.id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', staleBefore)])),
    );
  }

  private reload(id: string): Promise<FeedTokenEntity> {
    return this.dataSource.getRepository(FeedTokenEntity).findOneOrFail({ where: { id } });
  }
}
