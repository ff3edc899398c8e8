import { TaxiiError } from './taxii-error';

/**
 * Where a page of the collection ended: the date added and advisory id of the row (keyset) and the
 * index, within that row's STIX objects, of the last object sent. Opaque to clients.
 */
export interface TaxiiPosition {
  dateAdded: string;
  id: string;
  index: number;
}

/** Index meaning "every object of this row was sent". */
export const WHOLE_ROW = 1_000_000;

const DATE_ADDED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeNextToken(position: TaxiiPosition): string {
  return Buffer.from(`${position.dateAdded}|${position.id}|${position.index}`, 'utf8').toString('base64url');
}

export function decodeNextToken(token: string): TaxiiPosition {
  const refuse = (): TaxiiError => TaxiiError.badRequest('next: not a value this server returned');
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) throw refuse();
  const parts = Buffer.from(token, 'base64url').toString('utf8').split('|');
  if (parts.length !== 3) throw refuse();
  const [dateAdded, id, index] = parts;
  if (!DATE_ADDED.test(dateAdded) || Number.isNaN(Date.parse(dateAdded)) || !UUID.test(id) || !/^\d{1,7}$/.test(index)) {
    throw refuse();
  }
  return { dateAdded, id, index: Number(index) };
}
