import { renderDatabaseTypes } from './render-database-types';

/**
 * Prints the `DB` interface of an already migrated database (the URL is the only argument). The
 * database-types spec runs this in its own process: kysely is an ES module that kysely-codegen
 * requires, which Node does and Jest's module loader does not.
 */
const [databaseUrl] = process.argv.slice(2);
if (!databaseUrl) {
  console.error('usage: print-database-types <database url>');
  process.exit(2);
}
renderDatabaseTypes(databaseUrl)
  .then((source) => process.stdout.write(source))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
