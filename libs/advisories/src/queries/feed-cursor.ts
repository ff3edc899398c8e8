import { CouncilError } from '@app/platform/errors/council-error';

/** A keyset position in the feed: the sort time (microseconds, as text) and id of the last row. */
export interface FeedPosition {
  sortAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(position: FeedPosition): string {
  return Buffer.from(`${position.sortAt}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): FeedPosition {
  const [sortAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !sortAt || !id || !TIMESTAMP.test(sortAt) || !UUID.test(id)) {
    throw CouncilError.badInput('after: not a cursor returned by this feed');
  }
  return { sortAt, id };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
