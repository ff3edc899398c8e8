import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { startTestApp, type TestApp } from '../support/test-app';

const run = promisify(execFile);

describe('the public GraphQL contract', () => {
  let api: TestApp;
  let schemaFile: string;
  beforeAll(async () => {
    api = await startTestApp();
    schemaFile = join(mkdtempSync(join(tmpdir(), 'council-schema-')), 'schema.graphql');
    writeFileSync(schemaFile, printSchema(api.app.get(GraphQLSchemaHost).schema));
  });
  afterAll(async () => {
    await api.close();
  });

  it('is implemented by the server schema: findBreakingChanges(contract, server) is empty', async () => {
    const output = await run('node', ['../shared/tools/check-contract.mjs', schemaFile], { cwd: process.cwd() }).then(
      ({ stdout }) => stdout,
      (error: { stdout: string }) => error.stdout,
    );
    const breaking = output.split('\n').filter((line) => /^[A-Z_]+: /.test(line));
    expect(breaking).toEqual([]);
    expect(output).toContain('contract: the schema is a superset of the contract');
  });
});
