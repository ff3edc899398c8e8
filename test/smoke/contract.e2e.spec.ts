import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, findBreakingChanges, printSchema } from 'graphql';
import { startTestApp, type TestApp } from '../support/test-app';

/** The council's public contract, vendored from its shared spec (test/fixtures/README.md). */
const CONTRACT = resolve(process.cwd(), 'test/fixtures/contract.graphql'); // npm test runs from the project root

describe('the public GraphQL contract', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('is implemented by the server schema: findBreakingChanges(contract, server) is empty', () => {
    const contract = buildSchema(readFileSync(CONTRACT, 'utf8'));
    // Through SDL, as clients see the schema, so that only what is published is compared.
    const server = buildSchema(printSchema(api.app.get(GraphQLSchemaHost).schema));
    const breaking = findBreakingChanges(contract, server).map((change) => `${change.type}: ${change.description}`);
    expect(breaking).toEqual([]);
  });
});
