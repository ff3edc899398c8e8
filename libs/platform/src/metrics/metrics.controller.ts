import { timingSafeEqual, createHash } from 'node:crypto';
import { Controller, Get, Headers, HttpException, HttpStatus, Inject, NotFoundException, Res } from '@nestjs/common';
import type { Response } from 'express';
import { COUNCIL_CONFIG, type CouncilConfig } from '../config/council-config';
import { Public } from '../http/public.decorator';
import { MetricsRegistry } from './metrics-registry';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * GET /metrics for Prometheus, on the API and on the worker's health port. Only for the scraper:
 * `Authorization: Bearer <COUNCIL_METRICS_TOKEN>`; without the setting the endpoint does not exist
 * (404), a missing or wrong token is 401. Not an access token: people never see metrics.
 */
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly expected: Buffer | null;

  constructor(
    @Inject(COUNCIL_CONFIG) config: CouncilConfig,
    private readonly metrics: MetricsRegistry,
  ) {
    this.expected = config.metricsToken ? digest(config.metricsToken) : null;
  }

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    if (!this.expected) throw new NotFoundException();
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    // Compared as digests: equal length, constant time.
    if (!bearer || !timingSafeEqual(digest(bearer[1]), this.expected)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new HttpException('A valid metrics token is required', HttpStatus.UNAUTHORIZED);
    }
    const body = await this.metrics.registry.metrics();
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.status(HttpStatus.OK).send(body);
  }
}
