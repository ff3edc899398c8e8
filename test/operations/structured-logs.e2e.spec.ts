import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { advisoryInput, buildCouncil, CREATE, type LifecycleCouncil } from '../advisories/lifecycle-council';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { CapturedLogs } from './captured-logs';

const SECRET_TITLE = 'Zeta-7731 lateral movement through the payroll VPN';
const SECRET_BODY = 'The actor pivots from host omega-4490 with the stolen key K-19-OPAL';
const SECRET_SUMMARY = 'Summary that names victim Kappa-5512';
const FEED_TOKEN = 'feedtoken-9f8e7d6c5b4a39281706';

describe('structured JSON logs (pino): request ids, redaction, no advisory content', () => {
  const logs = new CapturedLogs();
  let api: TestApp;
  let council: LifecycleCouncil;
  type Entry = Record<string, any>;
  const completed = (entry: Entry) => entry.msg === 'request completed';
  /** The access log line of a response is written on 'finish', which can come after the client has the response. */
  const logged = (what: string, found: (entries: Entry[]) => boolean) => waitFor(what, () => found(logs.entries()));

  beforeAll(async () => {
    api = await startTestApp({ LOG_LEVEL: 'info' }, { logDestination: logs });
    council = await buildCouncil(api);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('every line is JSON with a level, a time and the service', async () => {
    await api.gqlOk('{ me { id } }', undefined, council.author.token);
    await logged('a request line', (entries) => entries.some(completed));
    const entries = logs.entries();
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(typeof entry.level).toBe('string');
      expect(typeof entry.time).toBe('string');
      expect(entry.service).toBe('api');
    }
  });

  it('a request gets an id, echoed in X-Request-Id and in its log line, with the operation type and name only', async () => {
    logs.clear();
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${council.author.token}` },
      body: JSON.stringify({ query: 'query WhoAmI { me { id } }', variables: { x: 'variable-value-4711' } }),
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await logged('the request line', (entries) => entries.some((entry) => entry.requestId === requestId && completed(entry)));
    const line = logs.entries().find((entry) => entry.requestId === requestId && entry.msg === 'request completed');
    expect(line).toMatchObject({
      method: 'POST',
      url: '/graphql',
      statusCode: 200,
      graphql: { type: 'query', operationName: 'WhoAmI', rootField: 'me' },
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(logs.text()).not.toContain('variable-value-4711');
    expect(line?.graphql.errorCodes).toBeUndefined();
  });

  it('a refused operation is logged with its error codes, never the error message', async () => {
    logs.clear();
    const refused = await api.gql('query Staff { auditChainStatus { ok } }', undefined, council.author.token);
    const code = refused.errors?.[0].extensions?.code;
    expect(code).toBe('FORBIDDEN');
    await logged('the request line', (entries) => entries.some((entry) => completed(entry) && entry.graphql?.operationName === 'Staff'));
    const line = logs.entries().find((entry) => entry.msg === 'request completed' && entry.graphql?.operationName === 'Staff');
    expect(line?.graphql).toEqual({ type: 'query', operationName: 'Staff', rootField: 'auditChainStatus', errorCodes: ['FORBIDDEN'] });
    expect(logs.text()).not.toContain(refused.errors?.[0].message);
  });

  it('a sane incoming X-Request-Id is kept; a malformed one is replaced', async () => {
    const kept = await fetch(`${api.url}/health/live`, { headers: { 'x-request-id': 'proxy-trace-0123456789' } });
    expect(kept.headers.get('x-request-id')).toBe('proxy-trace-0123456789');
    for (const bad of ['bad id with spaces', '<script>alert(1)</script>', 'x'.repeat(200), 'short']) {
      const replaced = await fetch(`${api.url}/health/live`, { headers: { 'x-request-id': bad } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('never logs the Authorization header, cookies or a ?token= value', async () => {
    logs.clear();
    const token = council.author.token;
    const response = await fetch(`${api.url}/feeds/advisories.json?token=${FEED_TOKEN}&page=2`, {
      headers: { authorization: `Bearer ${token}`, cookie: 'council_queue_dashboard=cookie-secret-5521' },
    });
    await response.arrayBuffer();
    await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, cookie: 'x=cookie-secret-5521' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    await logged('both request lines', (entries) => entries.filter(completed).length >= 2);
    const text = logs.text();
    expect(text).toContain('/feeds/advisories.json?token=[REDACTED]&page=2');
    expect(text).not.toContain(FEED_TOKEN);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain('cookie-secret-5521');
  });

  it('after createAdvisory the logs hold neither its title, summary nor body', async () => {
    logs.clear();
    const input = advisoryInput({
      full: {
        classification: 'COUNCIL_CONFIDENTIAL',
        tlp: 'AMBER',
        title: SECRET_TITLE,
        summary: SECRET_SUMMARY,
        body: SECRET_BODY,
        recommendedActions: ['Rotate K-19-OPAL'],
        indicators: ['198.51.100.77'],
      },
    });
    const created = await api.gqlOk<{ createAdvisory: { id: string; title: string } }>(CREATE, { input }, council.author.token);
    expect(created.createAdvisory.title).toBe(SECRET_TITLE);
    // A refused create (validation) must not echo the input into the logs either.
    await api.gql(CREATE, { input: { ...input, severity: 'NOT_A_SEVERITY' } }, council.author.token);
    await logged('both request lines', (entries) => entries.filter(completed).length >= 2);
    const text = logs.text();
    expect(text).toContain('createAdvisory');
    for (const secret of [SECRET_TITLE, SECRET_SUMMARY, SECRET_BODY, 'K-19-OPAL', '198.51.100.77', 'Zeta-7731']) {
      expect(text).not.toContain(secret);
    }
  });

  it('an internal error inside a GraphQL request is logged as JSON with the request id, no SQL parameters', async () => {
    logs.clear();
    // Break the table behind myAlertChannels so that the resolver fails with a database error.
    await api.dataSource.query('ALTER TABLE alert_channels RENAME TO alert_channels_hidden');
    try {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${council.author.token}`,
          'x-request-id': 'req-internal-error-42',
        },
        body: JSON.stringify({ query: '{ myAlertChannels { id } }' }),
      });
      const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(body)).not.toContain('alert_channels');
    } finally {
      await api.dataSource.query('ALTER TABLE alert_channels_hidden RENAME TO alert_channels');
    }
    await logged('the request line', (entries) => entries.some((entry) => completed(entry) && entry.requestId === 'req-internal-error-42'));
    const errors = logs.entries().filter((entry) => entry.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((entry) => entry.requestId === 'req-internal-error-42')).toBe(true);
    expect(errors.some((entry) => entry.context === 'GraphQL')).toBe(true);
    expect(logs.text()).not.toContain(council.author.id);
  });
});
