import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { inputProblem } from '@app/platform/errors/input-problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every id of this API is a UUID. Checking it at the edge turns a malformed id into a clear input
 * error instead of a PostgreSQL cast failure deep inside a query.
 */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, unknown> {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (value === null || value === undefined) return value;
    const field = metadata.data ?? 'id';
    if (typeof value !== 'string' || !UUID.test(value)) throw inputProblem(field, `${field} must be a UUID`);
    return value.toLowerCase();
  }
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
