import { BadRequestException, Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { FeedAuth } from '@app/feeds/auth/feed-auth.decorator';
import type { FeedRequest } from '@app/feeds/auth/feed-token.guard';
import { renderAtomDocument } from '@app/feeds/atom/atom-document';
import { etagMatches } from '@app/feeds/atom/atom-etag';
import { atomFeedQueryString, parseAtomFeedQuery } from '@app/feeds/atom/atom-feed-filter';
import { AtomFeedService } from '@app/feeds/atom/atom-feed.service';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';

export const ATOM_FEED_PATH = '/feeds/advisories.atom';

/**
 * The regional feed for feed readers (local governments, members' SOCs): Atom 1.0, pulled with a
 * feed token — as a header, or as `?token=` for readers that cannot set one.
 */
@Controller('feeds')
export class AtomFeedController {
  constructor(
    private readonly feed: AtomFeedService,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
  ) {}

  @Get('advisories.atom')
  @FeedAuth({ queryToken: true })
  async advisories(@Req() request: FeedRequest, @Res() response: Response): Promise<void> {
    const parsed = parseAtomFeedQuery(request.query);
    if (!parsed.ok) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: parsed.problems.join('; '),
        problems: parsed.problems,
      });
    }
    const reader = request.person;
    if (!reader) throw new UnauthorizedException(); // FeedTokenGuard always sets it; never read without one.
    const { entries, updated, etag } = await this.feed.read(reader, parsed.filter);
    response.setHeader('ETag', etag);
    response.setHeader('Cache-Control', 'private, no-cache');
    response.setHeader('Vary', 'Authorization');
    if (etagMatches(request.headers['if-none-match'], etag)) {
      response.status(304).end();
      return;
    }
    const selfUrl = `${this.config.publicUrl}${ATOM_FEED_PATH}${atomFeedQueryString(parsed.filter)}`;
    const xml = renderAtomDocument({ selfUrl, publicUrl: this.config.publicUrl, entries, updated });
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.type('application/atom+xml; charset=utf-8').status(200).send(xml);
  }
}
