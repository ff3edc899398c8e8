import { All, Controller, Delete, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { FeedAuth } from '@app/feeds/auth/feed-auth.decorator';
import type { FeedRequest } from '@app/feeds/auth/feed-token.guard';
import { TaxiiCollectionService, type TaxiiPage } from '@app/feeds/taxii/taxii-collection.service';
import { TaxiiError } from '@app/feeds/taxii/taxii-error';
import { acceptsTaxii, TAXII_MEDIA_TYPE } from '@app/feeds/taxii/taxii-media-types';
import { parseTaxiiObjectQuery } from '@app/feeds/taxii/taxii-object-query';
import {
  advisoriesCollectionResource,
  apiRootResource,
  dateAddedHeaders,
  discoveryResource,
  envelopeResource,
  isAdvisoriesCollection,
  manifestResource,
  TAXII_API_ROOT,
  versionsResource,
} from '@app/feeds/taxii/taxii-resources';
import type { Reader } from '@app/policy/reader';
import { TaxiiExceptionFilter } from './taxii-exception.filter';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';

const STIX_ID = /^[a-z][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function send(response: Response, body: unknown, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('Cache-Control', 'private, no-store');
  response.status(200).setHeader('Content-Type', TAXII_MEDIA_TYPE);
  response.end(JSON.stringify(body));
}

/**
 * The council's TAXII 2.1 server (read-only): discovery, one API root, one collection of
 * advisories. Pulled with a feed token (Bearer or Basic) under the shared feed pull limits; every
 * object comes from the policy's projection through TaxiiCollectionService.
 */
@Controller('taxii2')
@FeedAuth()
@UseFilters(TaxiiExceptionFilter)
export class TaxiiController {
  constructor(
    private readonly collection: TaxiiCollectionService,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
  ) {}

  @Get()
  discovery(@Req() request: FeedRequest, @Res() response: Response): void {
    negotiate(request);
    send(response, discoveryResource(this.config.publicUrl));
  }

  @Get(':apiRoot')
  apiRoot(@Req() request: FeedRequest, @Res() response: Response, @Param('apiRoot') apiRoot: string): void {
    negotiate(request, apiRoot);
    send(response, apiRootResource());
  }

  @Get(':apiRoot/collections')
  collections(@Req() request: FeedRequest, @Res() response: Response, @Param('apiRoot') apiRoot: string): void {
    negotiate(request, apiRoot);
    send(response, { collections: [advisoriesCollectionResource()] });
  }

  @Get(':apiRoot/collections/:collectionId')
  collectionInfo(
    @Req() request: FeedRequest,
    @Res() response: Response,
    @Param('apiRoot') apiRoot: string,
    @Param('collectionId') collectionId: string,
  ): void {
    negotiate(request, apiRoot, collectionId);
    send(response, advisoriesCollectionResource());
  }

  @Get(':apiRoot/collections/:collectionId/objects')
  async objects(
    @Req() request: FeedRequest,
    @Res() response: Response,
    @Param('apiRoot') apiRoot: string,
    @Param('collectionId') collectionId: string,
  ): Promise<void> {
    const page = await this.read(request, apiRoot, collectionId);
    send(response, envelopeResource(page), dateAddedHeaders(page.entries));
  }

  @Get(':apiRoot/collections/:collectionId/manifest')
  async manifest(
    @Req() request: FeedRequest,
    @Res() response: Response,
    @Param('apiRoot') apiRoot: string,
    @Param('collectionId') collectionId: string,
  ): Promise<void> {
    const page = await this.read(request, apiRoot, collectionId);
    send(response, manifestResource(page), dateAddedHeaders(page.entries));
  }

  @Get(':apiRoot/collections/:collectionId/objects/:objectId')
  async object(
    @Req() request: FeedRequest,
    @Res() response: Response,
    @Param('apiRoot') apiRoot: string,
    @Param('collectionId') collectionId: string,
    @Param('objectId') objectId: string,
  ): Promise<void> {
    const page = await this.read(request, apiRoot, collectionId, objectId);
    send(response, envelopeResource(page), dateAddedHeaders(page.entries));
  }

  @Get(':apiRoot/collections/:collectionId/objects/:objectId/versions')
  async versions(
    @Req() request: FeedRequest,
    @Res() response: Response,
    @Param('apiRoot') apiRoot: string,
    @Param('collectionId') collectionId: string,
    @Param('objectId') objectId: string,
  ): Promise<void> {
    const page = await this.read(request, apiRoot, collectionId, objectId);
    send(response, versionsResource(page), dateAddedHeaders(page.entries));
  }

  @Post(':apiRoot/collections/:collectionId/objects')
  addObjects(@Req() request: FeedRequest, @Param('apiRoot') apiRoot: string, @Param('collectionId') collectionId: string): never {
    negotiate(request, apiRoot, collectionId);
    throw TaxiiError.readOnly();
  }

  @Delete(':apiRoot/collections/:collectionId/objects/:objectId')
  deleteObject(@Req() request: FeedRequest, @Param('apiRoot') apiRoot: string, @Param('collectionId') collectionId: string): never {
    negotiate(request, apiRoot, collectionId);
    throw TaxiiError.readOnly();
  }

  /** Anything else under /taxii2/ is not a TAXII resource of this server. */
  @All('*path')
  unknown(): never {
    throw TaxiiError.notFound();
  }

  private async read(request: FeedRequest, apiRoot: string, collectionId: string, objectId?: string): Promise<TaxiiPage> {
    negotiate(request, apiRoot, collectionId);
    const query = parseTaxiiObjectQuery(request.query);
    let page: TaxiiPage;
    if (objectId === undefined) {
      page = await this.collection.page(reader(request), query);
    } else {
      if (!STIX_ID.test(objectId)) throw TaxiiError.notFound();
      // An object the reader may not see is exactly as absent as one that never existed.
      page = await this.collection.page(reader(request), { ...query, ids: [objectId.toLowerCase()] });
      if (page.entries.length === 0 && query.next === null) throw TaxiiError.notFound();
    }
    return page;
  }
}

function reader(request: FeedRequest): Reader {
  // FeedTokenGuard always sets it; without it nothing is read.
  if (!request.person) throw new TaxiiError(401, 'Unauthorized', 'A valid feed token is required');
  return request.person;
}

/** The Accept header first (406), then the path: the one API root and its one collection (404). */
function negotiate(request: FeedRequest, apiRoot?: string, collectionId?: string): void {
  if (!acceptsTaxii(request.headers.accept)) throw TaxiiError.notAcceptable();
  if (apiRoot !== undefined && apiRoot !== TAXII_API_ROOT) throw TaxiiError.notFound();
  if (collectionId !== undefined && !isAdvisoriesCollection(collectionId)) throw TaxiiError.notFound();
}
