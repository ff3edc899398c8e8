import { uuidV5 } from '../stix/stix-markings';
import { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from './taxii-media-types';
import type { TaxiiEntry, TaxiiPage } from './taxii-collection.service';

/** The one API root, under /taxii2/, and its one collection. */
export const TAXII_API_ROOT = 'council';
export const ADVISORIES_COLLECTION_ID = uuidV5('taxii-collection:advisories');
export const ADVISORIES_COLLECTION_ALIAS = 'advisories';
/** Largest request body the API root accepts; it accepts none (read-only), but the field is required. */
export const TAXII_MAX_CONTENT_LENGTH = 1_048_576;

export function discoveryResource(publicUrl: string) {
  const apiRoot = `${publicUrl}/taxii2/${TAXII_API_ROOT}/`;
  return {
    title: 'National Cybersecurity Council — advisories over TAXII',
    description:
      'Advisories of the council as STIX 2.1, each as its reader may see it. Authenticate with a feed token (Bearer, or the password of HTTP Basic).',
    default: apiRoot,
    api_roots: [apiRoot],
  };
}

export function apiRootResource() {
  return {
    title: 'Council advisories',
    description: 'The advisories you may read, as STIX 2.1 reports and indicators.',
    versions: [TAXII_MEDIA_TYPE],
    max_content_length: TAXII_MAX_CONTENT_LENGTH,
  };
}

export function advisoriesCollectionResource() {
  return {
    id: ADVISORIES_COLLECTION_ID,
    title: 'Advisories',
    description: 'Published advisories as you may read them (full or tear-line view); withdrawn ones as revoked reports. Read-only.',
    alias: ADVISORIES_COLLECTION_ALIAS,
    can_read: true,
    can_write: false,
    media_types: [STIX_MEDIA_TYPE],
  };
}

export function isAdvisoriesCollection(idOrAlias: string): boolean {
  return idOrAlias.toLowerCase() === ADVISORIES_COLLECTION_ID || idOrAlias === ADVISORIES_COLLECTION_ALIAS;
}

export function envelopeResource(page: TaxiiPage) {
  return {
    more: page.more,
    ...(page.next ? { next: page.next } : {}),
    objects: page.entries.map((e) => e.object),
  };
}

export function manifestResource(page: TaxiiPage) {
  return {
    more: page.more,
    ...(page.next ? { next: page.next } : {}),
    objects: page.entries.map((e) => ({ id: e.object.id, date_added: e.dateAdded, version: e.version, media_type: STIX_MEDIA_TYPE })),
  };
}

export function versionsResource(page: TaxiiPage) {
  return {
    more: page.more,
    ...(page.next ? { next: page.next } : {}),
    versions: page.entries.map((e) => e.version),
  };
}

/** X-TAXII-Date-Added-First/Last (§3.3): the first and last date added among the entries sent. */
export function dateAddedHeaders(entries: readonly TaxiiEntry[]): Record<string, string> {
  if (entries.length === 0) return {};
  const dates = entries.map((e) => e.dateAdded).sort();
  return { 'X-TAXII-Date-Added-First': dates[0], 'X-TAXII-Date-Added-Last': dates[dates.length - 1] };
}
