import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { PinoLogger } from 'nestjs-pino';
import { createCouncilLogger } from '../../libs/platform/src/logging/council-logger';
import { CouncilNestLogger } from '../../libs/platform/src/logging/council-nest-logger';
import { redactUrl } from '../../libs/platform/src/logging/redact-url';
import { requestIdFor } from '../../libs/platform/src/logging/request-logging';
import { CapturedLogs } from './captured-logs';

describe('redactUrl', () => {
  it.each([
    ['/feeds/advisories.atom?token=abc', '/feeds/advisories.atom?token=[REDACTED]'],
    ['/feeds/a?page=2&token=abc&x=1', '/feeds/a?page=2&token=[REDACTED]&x=1'],
    ['/feeds/a?%74oken=abc', '/feeds/a?%74oken=[REDACTED]'],
    [
      '/x?TOKEN=a&access_token=b&api_key=c&password=d&signature=e',
      '/x?TOKEN=[REDACTED]&access_token=[REDACTED]&api_key=[REDACTED]&password=[REDACTED]&signature=[REDACTED]',
    ],
    ['/x?token', '/x?token=[REDACTED]'],
    ['/graphql', '/graphql'],
    ['/x?tokens=kept&mytoken=kept', '/x?tokens=kept&mytoken=kept'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('bounds very long URLs', () => {
    expect(redactUrl(`/x?q=${'a'.repeat(5000)}`)!.length).toBeLessThanOrEqual(513);
  });
});

describe('requestIdFor', () => {
  const request = (value?: string | string[]) =>
    ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as unknown as IncomingMessage;

  it('keeps a plain token of 8 to 128 characters and replaces anything else with a UUID', () => {
    expect(requestIdFor(request('0b5c1f6e-trace:01.a_b'))).toBe('0b5c1f6e-trace:01.a_b');
    for (const bad of [undefined, '', 'short', 'has space in it', 'x'.repeat(129), '"quoted-value"', 'line\nbreak-1234']) {
      expect(requestIdFor(request(bad))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});

describe('CouncilNestLogger: Nest logging conventions as JSON lines', () => {
  // nestjs-pino keeps the first root logger of the process: one for both tests.
  const logs = new CapturedLogs();
  const params = { pinoHttp: { logger: createCouncilLogger({ service: 'worker', level: 'debug', destination: logs }) } };
  const context = new PinoLogger(params);
  const logger = new CouncilNestLogger(context, params);

  it('maps context, stack, objects and errors; inside a request, lines carry its id', () => {
    logger.log('started', 'Worker');
    logger.error('failed badly', 'Error: failed badly\n    at somewhere', 'Relay');
    logger.warn({ msg: 'slow', durationMs: 12 }, 'Database');
    logger.debug(new Error('boom'), 'Fanout');
    logger.verbose('hidden at debug level');
    context.runInContext(() => logger.log('inside', 'GraphQL'), { bindings: { requestId: 'req-12345678' } });
    const entries = logs.entries();
    expect(entries).toHaveLength(5);
    expect(entries[0]).toMatchObject({ level: 'info', service: 'worker', context: 'Worker', msg: 'started' });
    expect(entries[1]).toMatchObject({
      level: 'error',
      context: 'Relay',
      msg: 'failed badly',
      stack: expect.stringContaining('at somewhere'),
    });
    expect(entries[2]).toMatchObject({ level: 'warn', context: 'Database', msg: 'slow', durationMs: 12 });
    expect(entries[3]).toMatchObject({ level: 'debug', context: 'Fanout', msg: 'boom', err: { message: 'boom' } });
    expect(entries[4]).toMatchObject({ level: 'info', context: 'GraphQL', msg: 'inside', requestId: 'req-12345678' });
  });

  it('redacts credential and content fields wherever a caller logs them', () => {
    logs.clear();
    logger.log({ msg: 'careless', authorization: 'Bearer abc.def.ghi', token: 'feed-secret', title: 'Secret title', variables: { a: 1 } });
    const [entry] = logs.entries();
    expect(entry).toMatchObject({ authorization: '[REDACTED]', token: '[REDACTED]', title: '[REDACTED]', variables: '[REDACTED]' });
    expect(logs.text()).not.toMatch(/abc\.def|feed-secret|Secret title/);
  });
});
