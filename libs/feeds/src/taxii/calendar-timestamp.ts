/**
 * True when an RFC 3339 UTC timestamp names an instant that exists: Date.parse rolls
 * "2026-02-30" over into March, while PostgreSQL refuses it (a 500 instead of a 400).
 */
export function isCalendarTimestamp(value: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/.exec(value);
  if (!parts) return false;
  const parsed = new Date(Date.parse(value));
  if (Number.isNaN(parsed.getTime())) return false;
  const [, year, month, day, hour, minute, second] = parts.map(Number);
  return (
    parsed.getUTCFullYear() === year &&
    parsed.getUTCMonth() + 1 === month &&
    parsed.getUTCDate() === day &&
    parsed.getUTCHours() === hour &&
    parsed.getUTCMinutes() === minute &&
    parsed.getUTCSeconds() === second
  );
}
