import { Context, Resolver, Subscription } from '@nestjs/graphql';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AlertEntity } from '@app/alerts/alerts/alert.entity';
import { AdvisoryQueryService } from '@app/advisories/queries/advisory-query.service';
import { CouncilError } from '@app/platform/errors/council-error';
import { defineAlertAbility } from '@app/policy/alerts/alert-ability';
import { alertReadSql } from '@app/policy/alerts/alert-access-sql';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED, isLiveRequest, LiveConnectionAuth } from '../auth/live-connection';
import type { CouncilRequest } from '../auth/request-context';
import { AlertStream, type AlertOutcome } from './live/alert-stream';
import { LiveAlertHub } from './live/live-alert-hub';
import { AlertModel } from './models/alert.model';

/** Live subscriptions one person may hold on one replica (tabs and devices), so a token cannot pile up streams. */
export const MAX_LIVE_SUBSCRIPTIONS_PER_PERSON = 10;

/**
 * Live in-app alerts (issue 4, IN_APP) over graphql-ws. AccessTokenGuard has authenticated the
 * subscription (the connection's token, the person reloaded). Every event is decided again when
 * it is delivered, for this subscriber only:
 * - the token still valid and the person still active (else the socket is closed: 4401 / 4403);
 * - the alert row is one the subscriber may read now (the alert policy's read rule, alertReadSql,
 *   in the WHERE clause: the same rule by which the hub offered the id);
 * - the advisory exists for the person now (the read policy's WHERE clause); `Alert.advisory` is
 *   then resolved by AlertsResolver.advisory as the person reloaded for this event, exactly as
 *   myAlerts resolves it.
 */
@Resolver()
export class AlertSubscriptionResolver {
  constructor(
    private readonly hub: LiveAlertHub,
    private readonly live: LiveConnectionAuth,
    private readonly advisories: AdvisoryQueryService,
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
  ) {}

  @Subscription(() => AlertModel, {
    description:
      'Your in-app alerts as they are made (graphql-ws at /graphql, connectionParams `{ authorization: "Bearer <token>" }`). The same alerts as myAlerts; `advisory` is what you may read at delivery time.',
  })
  async alertReceived(@Context('req') req: CouncilRequest): Promise<AlertStream> {
    if (!isLiveRequest(req) || !req.person) {
      throw CouncilError.badInput('Subscribe over graphql-ws at /graphql with your access token in connectionParams');
    }
    const personId = req.person.id;
    if (this.hub.subscriptionsOf(personId) >= MAX_LIVE_SUBSCRIPTIONS_PER_PERSON) {
      throw new CouncilError(
        'RATE_LIMITED',
        `At most ${MAX_LIVE_SUBSCRIPTIONS_PER_PERSON} live alert subscriptions at a time; close one before opening another`,
      );
    }
    const token = req.live.token;
    const deliver = async (alertId: string): Promise<AlertOutcome> => {
      const person = await this.live.recheck(token, personId);
      if (person === 'expired' || person === 'revoked') return { end: person };
      const params = new SqlParameters();
      const allowed = params.named(alertReadSql(defineAlertAbility(person), params));
      const alert = await this.alerts
        .createQueryBuilder('al')
        .where('al.id = :alertId', { alertId })
        .andWhere(allowed.sql, allowed.parameters)
        .getOne();
      if (!alert) return { skip: true };
      if (!(await this.advisories.findVisibleRecord(person, alert.advisoryId))) return { skip: true };
      // The field resolvers of this event (Alert.advisory) read the person from the request.
      req.person = person;
      return { push: AlertModel.from(alert) };
    };
    const stream = new AlertStream(deliver, (why) =>
      why === 'expired'
        ? req.live.close(CLOSE_UNAUTHORIZED, 'Unauthorized: the access token expired')
        : req.live.close(CLOSE_FORBIDDEN, 'Forbidden: the account is no longer active'),
    );
    stream.attach(await this.hub.register(personId, stream));
    return stream;
  }
}
