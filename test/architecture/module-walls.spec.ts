import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { getMetadataArgsStorage } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ENTITIES } from '../../libs/database-entities/src/entities';

/**
 * The walls between the libraries: the platform, which every module stands on, imports no domain
 * library; each domain module registers its own entities (forFeature, with autoLoadEntities), so an
 * application has exactly the tables of the modules it imports — and the metadata of every table
 * those refer to, without which TypeORM refuses to start.
 */
const ROOT = process.cwd(); // npm test runs from the project root
const LIBS = path.join(ROOT, 'libs');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/** Every module specifier of a file: import/export … from, import(…), require(…). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const pattern of [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]/g,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
  ]) {
    for (const match of source.matchAll(pattern)) found.push(match[1]);
  }
  return found;
}

/** The library a specifier of `file` names, if it names one (an @app/ alias or a relative path into libs/). */
function libraryOf(file: string, specifier: string): string | null {
  const alias = /^@app\/([^/]+)/.exec(specifier);
  if (alias) return alias[1];
  if (!specifier.startsWith('.')) return null;
  const target = path.relative(LIBS, path.resolve(path.dirname(file), specifier));
  if (target.startsWith('..')) return `outside libs: ${target}`;
  return target.split(path.sep)[0];
}

type Class = abstract new (...args: never[]) => unknown;

/** The entities a module graph registers with TypeOrmModule.forFeature, walking its imports. */
function registeredEntities(root: unknown): Set<Class> {
  const entities = new Set<Class>();
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    if (typeof node === 'function') {
      for (const imported of (Reflect.getMetadata('imports', node) as unknown[] | undefined) ?? []) visit(imported);
      return;
    }
    const dynamic = node as { module?: unknown; imports?: unknown[]; providers?: Array<{ targetEntitySchema?: { target?: Class } }> };
    for (const provider of dynamic.providers ?? []) {
      const target = provider?.targetEntitySchema?.target;
      if (typeof target === 'function') entities.add(target);
    }
    for (const imported of dynamic.imports ?? []) visit(imported);
    visit(dynamic.module);
  };
  visit(root);
  return entities;
}

/** Relation targets of `entities` that are not among them. */
function missingRelationTargets(entities: Set<Class>): string[] {
  return getMetadataArgsStorage()
    .relations.filter((relation) => entities.has(relation.target as Class))
    .map((relation) => ({ relation, target: (relation.type as () => Class)() }))
    .filter(({ target }) => !entities.has(target))
    .map(({ relation, target }) => `${(relation.target as Class).name}.${relation.propertyName} → ${target.name}`);
}

describe('module walls', () => {
  it('libs/platform imports no other library', () => {
    const crossings = sourceFiles(path.join(LIBS, 'platform', 'src')).flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((specifier) => {
          const library = libraryOf(file, specifier);
          return library !== null && library !== 'platform';
        })
        .map((specifier) => `${path.relative(ROOT, file)}: ${specifier}`),
    );
    expect(crossings).toEqual([]);
  });

  it('the API registers every entity, and the metadata of everything they refer to', () => {
    const entities = registeredEntities(AppModule);
    expect(ENTITIES.filter((entity) => !entities.has(entity)).map((entity) => entity.name)).toEqual([]);
    expect(missingRelationTargets(entities)).toEqual([]);
  });

  it('the worker registers the tables it works on, and the metadata of everything they refer to', () => {
    const entities = registeredEntities(WorkerModule);
    const names = [...entities].map((entity) => entity.name);
    for (const name of [
      'OutboxEventEntity',
      'AlertEntity',
      'AlertDeliveryEntity',
      'IncidentDeliveryEntity',
      'IncidentFollowUpReminderEntity',
      'AuditLogEntryEntity',
    ]) {
      expect(names).toContain(name);
    }
    expect(missingRelationTargets(entities)).toEqual([]);
  });
});
