/**
 * JSON with object keys sorted at every level, so that the same content always hashes the same,
 * whatever order PostgreSQL's jsonb hands the keys back in. Dates become ISO strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  return value;
}

/** A plain JSON copy (Dates as ISO strings), as it will be stored in jsonb. */
export function toJsonValue<T>(value: T): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  return normalise(value) as Record<string, unknown>;
}
