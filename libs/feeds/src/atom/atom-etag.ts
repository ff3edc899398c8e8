import { createHash } from 'node:crypto';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import type { AtomFeedFilter } from './atom-feed-filter';
import { ATOM_DOCUMENT_FORMAT } from './atom-document';

/**
 * A weak ETag over what the rendered feed depends on: the document format, the filter, and per
 * entry its id, version, status, update time and the view the reader gets (access level,
 * classification, TLP). Weak because it names the content, not the bytes. A reader whose access
 * changes (a clearance revoked, a tear line released) gets a new ETag, because the access level
 * or the set of ids changes with it.
 */
export function atomFeedEtag(views: readonly AdvisoryView[], filter: AtomFeedFilter): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([ATOM_DOCUMENT_FORMAT, filter.minSeverity, filter.sectors]));
  for (const view of views) {
    hash.update(
      JSON.stringify([view.id, view.version, view.status, view.updatedAt.toISOString(), view.access, view.classification, view.tlp]),
    );
  }
  return `W/"${hash.digest('base64url')}"`;
}

/** RFC 9110 §13.1.2: If-None-Match compares weakly; `*` matches any current representation. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === wanted);
}
