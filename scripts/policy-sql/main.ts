import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPolicySqlSnapshots, SNAPSHOT_DIRECTORY } from './policy-sql-snapshots';

/**
 * `npm run policy:sql`: rewrites libs/policy/sql-snapshots from the policy as it is, so that a
 * change to a rule reaches review as a diff of the SQL it compiles to.
 */
const directory = join(process.cwd(), SNAPSHOT_DIRECTORY);
mkdirSync(directory, { recursive: true });
const snapshots = renderPolicySqlSnapshots();
for (const file of readdirSync(directory)) {
  if (file.endsWith('.sql') && !snapshots.has(file)) {
    rmSync(join(directory, file));
    console.log(`removed ${SNAPSHOT_DIRECTORY}/${file}`);
  }
}
for (const [file, content] of snapshots) {
  const path = join(directory, file);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (before === content) continue;
  writeFileSync(path, content);
  console.log(`${before === null ? 'wrote' : 'updated'} ${SNAPSHOT_DIRECTORY}/${file}`);
}
