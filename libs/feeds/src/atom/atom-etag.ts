import { createHash } from 'node:crypto';
import type { AtomFeedFilter } from './atom-feed-filter';
import { ATOM_DOCUMENT_FORMAT } from './atom-document';
import type { AtomFeedEntry } from './atom-feed.service';

/**
 * A weak ETag over what the rendered feed depends on: the document format, the filter, the feed's
 * updated, and per entry its id, version, status, updated (which carries the reader's last access
 * change, see AtomFeedEntry) and the view the reader gets (access level, classification, TLP). Weak
 * because it names the content, not the bytes. A change that leaves the reader's access alone (an
 * organisation renamed) keeps the ETag, so the reader keeps getting 304.
 */
export function atomFeedEtag(entries: readonly AtomFeedEntry[], updated: Date, filter: AtomFeedFilter): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([ATOM_DOCUMENT_FORMAT, filter.minSeverity, filter.sectors, updated.toISOString()]));
  for (const { view, updated: entryUpdated } of entries) {
    hash.update(
      JSON.stringify([view.id, view.version, view.status, entryUpdated.toISOString(), view.access, view.classification, view.tlp]),
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
