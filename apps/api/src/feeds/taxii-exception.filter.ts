import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { TaxiiError, type TaxiiErrorBody } from '@app/feeds/taxii/taxii-error';
import { TAXII_MEDIA_TYPE } from '@app/feeds/taxii/taxii-media-types';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
};

/** What a guard or Nest said, when it is one of our deliberate messages (never an internal error's). */
function httpDescription(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

/**
 * Every answer of the TAXII server that is not a success is a TAXII error message (§3.6.1) in the
 * TAXII media type — refusals of the feed-token guard (401, 429) included. Unexpected failures
 * are logged here and answered with a bare 500: no stack trace, no SQL, no exception text.
 */
@Catch()
export class TaxiiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('TaxiiServer');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let status: number;
    let body: TaxiiErrorBody;
    if (exception instanceof TaxiiError) {
      status = exception.httpStatus;
      body = exception.body();
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = exception.getStatus();
      body = { title: TITLES[status] ?? 'Refused', description: httpDescription(exception), http_status: String(status) };
    } else {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      status = 500;
      body = { title: 'Internal error', description: 'The server could not answer this request', http_status: '500' };
    }
    if (response.headersSent) return;
    response.status(status).setHeader('Content-Type', TAXII_MEDIA_TYPE);
    response.end(JSON.stringify(body));
  }
}
