import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { AccessLevel, AdvisoryStatus } from '@app/platform/vocabulary';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import type { AtomFeedEntry } from './atom-feed.service';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
/** Part of the ETag: a change to how entries are written must change every reader's ETag. */
export const ATOM_DOCUMENT_FORMAT = 'council-atom-1';
export const ATOM_CATEGORY_SCHEMES = {
  severity: 'urn:council:severity',
  tlp: 'urn:council:tlp',
  classification: 'urn:council:classification',
  access: 'urn:council:access',
  status: 'urn:council:status',
} as const;
const COUNCIL_NAME = 'Cybersecurity Council (サイバーセキュリティ協議会)';

export interface AtomDocumentInput {
  /** The feed's URL without credentials, filters included: its atom:id and rel="self". */
  selfUrl: string;
  publicUrl: string;
  /** The views with their updated for this reader (AtomFeedService). */
  entries: readonly AtomFeedEntry[];
  updated: Date;
}

/**
 * The regional feed as an Atom 1.0 document (RFC 4287): feed id, title, updated, author and
 * self link; per entry a urn:uuid id, title, updated, published, text content of exactly the view
 * the reader gets, and categories for severity, TLP, classification, access level and status.
 * A withdrawn advisory is an entry that says so, with its reason and none of its content, for every
 * reader (its originator and the secretariat still read that content through GraphQL).
 * xmlbuilder2 escapes every value; characters XML 1.0 cannot carry are dropped first.
 */
export function renderAtomDocument(input: AtomDocumentInput): string {
  const feed = create({ version: '1.0', encoding: 'UTF-8' }).ele(ATOM_NAMESPACE, 'feed');
  feed.ele('id').txt(input.selfUrl);
  feed.ele('title').txt('Cybersecurity Council advisories');
  feed.ele('subtitle').txt('The advisories you may read, newest first, each in the view you may read.');
  feed.ele('updated').txt(input.updated.toISOString());
  feed.ele('author').ele('name').txt(COUNCIL_NAME);
  feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: input.selfUrl });
  feed.ele('generator').txt('council-platform');
  for (const entry of input.entries) addEntry(feed, entry, input.publicUrl);
  return feed.end({ prettyPrint: false });
}

function addEntry(feed: XMLBuilder, { view, updated }: AtomFeedEntry, publicUrl: string): void {
  const entry = feed.ele('entry');
  entry.ele('id').txt(`urn:uuid:${view.id}`);
  entry.ele('title', { type: 'text' }).txt(xmlText(entryTitle(view)));
  entry.ele('updated').txt(updated.toISOString());
  entry.ele('published').txt((view.publishedAt ?? view.updatedAt).toISOString());
  entry.ele('link', { rel: 'alternate', type: 'text/html', href: `${publicUrl}/advisories/${view.id}` });
  category(entry, ATOM_CATEGORY_SCHEMES.severity, view.severity);
  category(entry, ATOM_CATEGORY_SCHEMES.tlp, view.tlp);
  category(entry, ATOM_CATEGORY_SCHEMES.classification, view.classification);
  category(entry, ATOM_CATEGORY_SCHEMES.access, view.access);
  category(entry, ATOM_CATEGORY_SCHEMES.status, view.status);
  // A withdrawn advisory is retracted content: not even its originator gets it back through a feed.
  if (view.summary !== null && view.status !== AdvisoryStatus.WITHDRAWN) {
    entry.ele('summary', { type: 'text' }).txt(xmlText(view.summary));
  }
  entry.ele('content', { type: 'text' }).txt(xmlText(entryContent(view)));
}

function category(entry: XMLBuilder, scheme: string, term: string): void {
  entry.ele('category', { scheme, term });
}

function entryTitle(view: AdvisoryView): string {
  if (view.status === AdvisoryStatus.WITHDRAWN) return 'Withdrawn advisory';
  return view.title ?? 'Advisory';
}

/**
 * The entry's text: the marking first (so that it travels with the text into any reader), then
 * only what the view holds. A tear-line view has no body and no indicators, so none are written;
 * a withdrawn advisory's content is retracted, so only its withdrawal is.
 */
function entryContent(view: AdvisoryView): string {
  const marking = `TLP:${view.tlp.replace('_', '+')} / ${view.classification}${view.access === AccessLevel.TEAR_LINE ? ' (tear line)' : ''}`;
  if (view.status === AdvisoryStatus.WITHDRAWN) {
    return [marking, 'This advisory has been withdrawn.', view.withdrawalReason ? `Reason: ${view.withdrawalReason}` : null]
      .filter((part): part is string => part !== null)
      .join('\n\n');
  }
  const parts = [marking];
  if (view.summary) parts.push(view.summary);
  if (view.recommendedActions?.length) {
    parts.push(['Recommended actions:', ...view.recommendedActions.map((action) => `- ${action}`)].join('\n'));
  }
  if (view.body) parts.push(view.body);
  if (view.indicators?.length) parts.push(['Indicators:', ...view.indicators.map((indicator) => `- ${indicator}`)].join('\n'));
  return parts.join('\n\n');
}

/** XML 1.0 Char production: everything else (most C0 controls, lone surrogates, U+FFFE/F) is dropped. */
function xmlText(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}
