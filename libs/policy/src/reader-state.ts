import { deriveFacts, type Reader } from './reader';

/**
 * Everything about the reader that a decision of this library can depend on at `now`, as one
 * string: the reader as loaded (every attribute, so a change to any of them changes the key) and
 * the facts derived at `now` (the only way time enters the policy). Two requests with equal keys
 * get the same answer from every ability and every access SQL here, which is what lets the API
 * reuse a reader's feed page (FeedResponseCache) without asking the policy again.
 */
export function readerStateKey(reader: Reader, now: Date): string {
  return JSON.stringify([reader, deriveFacts(reader, now)]);
}
