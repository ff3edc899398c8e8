import { inputProblem } from '@app/platform/errors/input-problem';

/**
 * Opaque cursors over one list, naming the list so that a cursor of one list is refused by another.
 * `value` is the position in that list (a log id, an e-mail address).
 */
export function encodeCursor(list: string, value: string): string {
  return Buffer.from(`${list}|${value}`, 'utf8').toString('base64url');
}

export function decodeCursor(list: string, cursor: string | null | undefined, accept: (value: string) => boolean): string | null {
  if (cursor === null || cursor === undefined) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const separator = decoded.indexOf('|');
  const value = decoded.slice(separator + 1);
  if (separator < 0 || decoded.slice(0, separator) !== list || !accept(value)) {
    throw inputProblem('after', `not a cursor returned by ${list}`);
  }
  return value;
}

export const isLogId = (value: string): boolean => /^[1-9][0-9]{0,18}$/.test(value);
