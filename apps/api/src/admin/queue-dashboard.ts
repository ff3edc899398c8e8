import { Inject, Injectable, Logger, type INestApplication, type OnApplicationShutdown } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import Redis from 'ioredis';
import { DIGEST_QUEUE } from '@app/alerts/digest/alert-digest.service';
import { DELIVERY_QUEUE, ESCALATION_QUEUE, FANOUT_QUEUE } from '@app/alerts/queues/alert-queues';
import { INCIDENT_DELIVERY_QUEUE } from '@app/incidents/deliveries/incident-delivery-queue';
import { AccessTokenService } from '@app/identity/tokens/access-token.service';
import type { PersonEntity } from '@app/membership/people/person.entity';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { CouncilError } from '@app/platform/errors/council-error';
import { defineAlertAbility } from '@app/policy/alerts/alert-ability';
import { bearerToken, RequestAuthenticator } from '../auth/request-authenticator';
import { cookieValue, DASHBOARD_COOKIE, DashboardSessions } from './dashboard-session';

export const DASHBOARD_PATH = '/admin/queues';
export const DASHBOARD_SESSION_PATH = '/admin/session';
export const DASHBOARD_QUEUES = [FANOUT_QUEUE, DELIVERY_QUEUE, ESCALATION_QUEUE, DIGEST_QUEUE, INCIDENT_DELIVERY_QUEUE];

const UNAUTHENTICATED =
  'Sign in first: send "Authorization: Bearer <token>", or POST /admin/session with it to get a dashboard session cookie';

const STATUS: Partial<Record<CouncilError['code'], number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/**
 * The secretariat's BullMQ dashboard (issue 4), @bull-board mounted at /admin/queues.
 *
 * Authentication: an access token as `Authorization: Bearer` (scripts), or, for a browser, a
 * dashboard session cookie that `POST /admin/session` sets when called with a Bearer token: signed,
 * 15 minutes, HttpOnly, SameSite=Strict, Path=/admin, Secure when the platform is served over
 * https. CSRF: the cookie is only ever obtained with a Bearer header (which no other site can
 * send), SameSite=Strict keeps it off cross-site requests, and the dashboard is read-only (BullMQ
 * read-only mode, and every method but GET/HEAD refused): retries go through the audited
 * retryAlertDelivery mutation, never around it.
 *
 * Authorization, on every request: the person is reloaded and must be active, and
 * defineAlertAbility must allow `read` on 'QueueDashboard' (the active secretariat only).
 * Unauthenticated → 401, anyone else → 403.
 */
@Injectable()
export class QueueDashboard implements OnApplicationShutdown {
  private readonly logger = new Logger('QueueDashboard');
  private readonly sessions: DashboardSessions;
  private connection: Redis | null = null;
  private queues: Queue[] = [];

  constructor(
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    private readonly tokens: AccessTokenService,
    private readonly authenticator: RequestAuthenticator,
  ) {
    this.sessions = new DashboardSessions(config.jwtSecrets);
  }

  /** Called by bootstrap.ts: POST|DELETE /admin/session and GET /admin/queues/**. */
  mount(app: INestApplication): void {
    app.use(DASHBOARD_SESSION_PATH, (req: Request, res: Response, next: NextFunction) => {
      if (req.method === 'DELETE') {
        res.setHeader('Set-Cookie', this.cookie('', 0));
        res.status(204).end();
        return;
      }
      if (req.method !== 'POST') {
        next();
        return;
      }
      this.authorize(req, { bearerOnly: true })
        .then((person) => {
          const session = this.sessions.issue(person.id);
          res.setHeader('Cache-Control', 'no-store');
          res.setHeader('Set-Cookie', this.cookie(session.value, session.maxAgeSeconds));
          res.status(204).end();
        })
        .catch((error: unknown) => this.refuse(error, res, next));
    });
    app.use(
      DASHBOARD_PATH,
      (req: Request, res: Response, next: NextFunction) => {
        res.setHeader('Cache-Control', 'no-store');
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          this.refuse(
            CouncilError.forbidden('The queue dashboard is read-only: retry a failed delivery with retryAlertDelivery'),
            res,
            next,
          );
          return;
        }
        this.authorize(req)
          .then(() => next())
          .catch((error: unknown) => this.refuse(error, res, next));
      },
      this.board(),
    );
  }

  private board(): RequestHandler {
    const connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    connection.on('error', () => undefined);
    this.connection = connection;
    this.queues = DASHBOARD_QUEUES.map((name) => {
      const queue = new Queue(name, { connection, prefix: this.config.redisPrefix });
      queue.on('error', () => undefined);
      return queue;
    });
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: this.queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true, allowRetries: false })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Council delivery queues' } },
    });
    return serverAdapter.getRouter() as RequestHandler;
  }

  /** The person behind the request, if they may read the dashboard; a CouncilError otherwise. */
  private async authorize(req: Request, options: { bearerOnly?: boolean } = {}): Promise<PersonEntity> {
    const bearer = bearerToken(req.headers.authorization);
    const personId = bearer
      ? this.tokens.verify(bearer)
      : options.bearerOnly
        ? null
        : this.sessions.verify(cookieValue(req.headers.cookie, DASHBOARD_COOKIE));
    const person = personId ? await this.authenticator.activePerson(personId) : null;
    if (!person) throw new CouncilError('UNAUTHENTICATED', UNAUTHENTICATED);
    if (!defineAlertAbility(person).can('read', 'QueueDashboard')) {
      throw CouncilError.forbidden('Only the secretariat may open the queue dashboard');
    }
    return person;
  }

  private refuse(error: unknown, res: Response, next: NextFunction): void {
    if (!(error instanceof CouncilError)) {
      next(error);
      return;
    }
    const status = STATUS[error.code] ?? 400;
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(status).json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
  }

  private cookie(value: string, maxAgeSeconds: number): string {
    const secure = this.config.publicUrl.startsWith('https:') ? '; Secure' : '';
    return `${DASHBOARD_COOKIE}=${value}; Max-Age=${maxAgeSeconds}; Path=/admin; HttpOnly; SameSite=Strict${secure}`;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.queues.map((queue) => queue.close()));
    this.connection?.disconnect();
    this.logger.debug('closed');
  }
}
