/**
 * `npm run clearance:bootstrap -- --email <address> --expires <date>` (in the production image:
 * `node dist/libs/membership/src/clearances/cli/bootstrap-clearance.js …`), with DATABASE_URL.
 *
 * Grants IESI to an existing, active secretariat person while the council has no cleared
 * secretariat person, who could approve clearance grants (see clearance-bootstrap.ts). `--expires`
 * is an ISO 8601 date, meaning the end of that day in Japan time (2027-12-31 → 2027-12-31T23:59:59.999+09:00),
 * or a date and time with a zone. Exit codes: 0 granted; 1 refused (the reason is printed);
 * 2 bad arguments or no database.
 */
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { AUDIT_ENTITIES } from '@app/audit/audit-entities';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { baseDataSourceOptions } from '@app/platform/database/data-source-options';
import { MEMBERSHIP_ENTITIES } from '../../membership-entities';
import { bootstrapClearance, ClearanceBootstrapRefusal } from '../clearance-bootstrap';
import { loadCommandLineSettings } from '@app/platform/config/command-line-settings';

class UsageError extends Error {}

const USAGE = 'usage: npm run clearance:bootstrap -- --email <address> --expires <YYYY-MM-DD | ISO 8601 date-time with zone>';

function parseArguments(argv: string[]): { email: string; expiresAt: Date } {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    if (flag !== '--email' && flag !== '--expires') throw new UsageError(`unknown argument "${flag}"`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    values[flag.slice(2)] = value;
  }
  if (!values.email) throw new UsageError('--email is required');
  if (!values.expires) throw new UsageError('--expires is required');
  return { email: values.email, expiresAt: expiry(values.expires) };
}

function expiry(value: string): Date {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const [year, month, day] = date.slice(1).map(Number);
    const calendar = new Date(Date.UTC(year, month - 1, day));
    // Date would roll 2027-02-31 over into March: a day that does not exist is refused instead.
    if (calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day) {
      return new Date(`${value}T23:59:59.999+09:00`);
    }
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(new Date(value).getTime())) {
    return new Date(value);
  }
  throw new UsageError(`--expires "${value}" is not a date (2027-12-31) or a date-time with a zone (2027-12-31T00:00:00+09:00)`);
}

async function main(): Promise<number> {
  let options: { email: string; expiresAt: Date };
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`clearance:bootstrap: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { databaseUrl } = loadCommandLineSettings();
  if (!databaseUrl) {
    console.error('clearance:bootstrap: DATABASE_URL is required');
    return 2;
  }
  const dataSource = new DataSource({
    ...baseDataSourceOptions(databaseUrl),
    entities: [...MEMBERSHIP_ENTITIES, ...AUDIT_ENTITIES],
    extra: { max: 1 },
  });
  await dataSource.initialize();
  try {
    const clock = new Clock();
    const person = await bootstrapClearance(dataSource, new AuditLogService(dataSource, clock), clock.now(), {
      ...options,
      operator: userInfo().username,
    });
    console.log(
      `clearance:bootstrap: ${person.email} is IESI-cleared until ${person.clearanceExpiresAt?.toISOString()} (recorded in the decision log)`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ClearanceBootstrapRefusal)) throw error;
    console.error(`clearance:bootstrap: refused: ${error.message}`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('clearance:bootstrap: failed:', error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
