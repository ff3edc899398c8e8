import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AdvisoryStatus, Classification, MembershipTier, OrganisationKind, Role, Tlp } from '../../libs/platform/src/vocabulary';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { BOOTSTRAP_ADMIN, startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 7: thousands of generated malformed, oversized and hostile requests against the live schema
 * (fast-check), as anonymous callers, holders of broken tokens and signed-in readers of several
 * kinds. Every answer must be a clear refusal — a GraphQL error with a code other than
 * INTERNAL_SERVER_ERROR, or an HTTP 4xx — never a 5xx, never a stack trace, SQL or an internal
 * path; and afterwards the data is exactly as before.
 *
 * Queries are read-only and fuzzed freely. A mutation is only ever sent in a form that must be
 * refused: an argument of the wrong GraphQL type, a missing or unknown argument, or (for mutations
 * that act on something named by an ID) ids that name nothing; so a success is itself a finding.
 */

const RUNS = Number(process.env.COUNCIL_FUZZ_RUNS ?? 2_000);
/** Fixed by default so that CI is repeatable; COUNCIL_FUZZ_SEED=random explores (the seed is printed to replay a finding). */
const SEED = process.env.COUNCIL_FUZZ_SEED === 'random' ? Date.now() % 2_147_483_647 : Number(process.env.COUNCIL_FUZZ_SEED ?? 20_261_125);

/** What must never reach a client. The generated input never contains these words. */
const INTERNALS =
  /stacktrace|\n\s+at [\w.<>]+|\bat (?:async )?[\w.<>]+ \(|node_modules|\/work\/|[\w-]+\.[jt]s:\d+|QueryFailedError|EntityNotFound|syntax error at or near|invalid input syntax|violates|duplicate key|relation "|TypeORM|ECONNREFUSED|Internal server error/i;

interface FuzzRequest {
  label: string;
  caller: string;
  method?: string;
  contentType?: string | null;
  body: string;
  /** A mutation sent in a form that must be refused. */
  mustRefuse: boolean;
  extraHeaders?: Record<string, string>;
}

/** An enum value as an inline literal (no quotes) — as a variable it is its name. */
class EnumName {
  constructor(readonly name: string) {}
}

function literal(value: unknown): string {
  if (value instanceof EnumName) return value.name;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects are handled above, what is left is a primitive
  return String(value);
}

function asVariable(value: unknown): unknown {
  if (value instanceof EnumName) return value.name;
  if (Array.isArray(value)) return value.map(asVariable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, asVariable(v)]));
  }
  return value;
}

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE advisories; --",
  '" OR ""="',
  '1; SELECT pg_sleep(10)',
  "' UNION SELECT password_hash FROM persons --",
  '$1',
  '%',
  '_',
  '\\',
  "\\'",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  '𝕏😀🇯🇵',
  '日本語の文字列',
  'ｓｅｌｅｃｔ',
  '\r\nX-Injected: 1',
  '../../../../etc/passwd',
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '',
  ' ',
  '-1',
  '9'.repeat(40),
];

// Past every string limit (names 200, titles 300, summaries 4,000, keys 65,536, bodies 100,000); an operation stays under 1 MB.
const sizes = fc.constantFrom(201, 301, 2_001, 4_001, 65_537, 100_001);
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(sizes, fc.constantFrom('x', 'あ', '😀', '<', "'")).map(([n, c]) => c.repeat(n)) },
  { weight: 1, arbitrary: fc.base64String({ maxLength: 80 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'advisories|',
      'YWR2aXNvcmllc3w',
      'YWR2aXNvcmllc3wxMjM',
      'YXVkaXR8LTE',
      Buffer.from('advisories|2025-01-01|x').toString('base64url'),
    ),
  },
);
const badUuid = fc.oneof(
  fc.uuid().map((u) => u.toUpperCase().replace(/-/g, '')),
  fc.uuid().map((u) => `${u}x`),
  fc.uuid().map((u) => u.slice(0, 35)),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0', '-1', '1e9', 'undefined'),
  hostileString,
);
const badDate = fc.constantFrom(
  '2025-13-45T00:00:00Z',
  'not a date',
  '',
  '0000-00-00T00:00:00Z',
  '275760-09-13T00:00:01Z',
  '-271821-04-20T00:00:00Z',
  '2025-02-30',
  '1e400',
  '2025-01-01T25:61:61Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
);
const hostileInt = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 201, 1_000_000, 2_147_483_647, -2_147_483_648),
  fc.constantFrom(2_147_483_648, 1e21, 1.5, -0.5), // not GraphQL Ints
);

/** Something no GraphQL input type accepts where it is used (always a validation error). */
function wrongTypeValue(type: GraphQLInputType): fc.Arbitrary<unknown> {
  const named = getNamedType(type);
  if (isInputObjectType(named)) return fc.constantFrom('not an object', 42, true);
  return fc.constantFrom({ fuzz: 1 }, [{ fuzz: 1 }]);
}

/** A value of roughly the right shape but hostile content (may still be refused by the layer). */
function hostileValue(type: GraphQLInputType, depth: number, ids: string[], knownIdsAllowed: boolean): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return hostileValue(type.ofType, depth, ids, knownIdsAllowed);
  const nullable = (arb: fc.Arbitrary<unknown>) => fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) {
    const item = hostileValue(type.ofType, depth + 1, ids, knownIdsAllowed);
    return nullable(
      fc.oneof(
        { weight: 4, arbitrary: fc.array(item, { maxLength: 4 }) },
        // Longer than any list limit (≤ 500 indicators), of short items: the body stays under 1 MB.
        {
          weight: 1,
          arbitrary: fc
            .tuple(item, fc.constantFrom(501, 2_000))
            .map(([one, n]) => Array.from({ length: n }, () => (JSON.stringify(one ?? null).length < 100 ? one : 'x'))),
        },
      ),
    );
  }
  if (isEnumType(type)) {
    const names = type.getValues().map((v) => v.name);
    return nullable(
      fc.oneof(
        fc.constantFrom(...names).map((n) => new EnumName(n)),
        fc.constantFrom(...names).map((n) => n.toLowerCase()),
        hostileString,
      ),
    );
  }
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant(null);
    const fields = Object.values(type.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of fields) record[field.name] = hostileValue(field.type, depth + 1, ids, knownIdsAllowed);
    return nullable(
      fc
        .tuple(fc.record(record, { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) }), fc.boolean())
        .map(([value, unknown]) => (unknown ? { ...value, fuzzUnknownField: 'x' } : value)),
    );
  }
  switch (type.name) {
    case 'ID': {
      const choices = [fc.uuid(), badUuid];
      if (knownIdsAllowed && ids.length) choices.push(fc.constantFrom(...ids));
      return nullable(fc.oneof(...choices));
    }
    case 'Int':
      return nullable(hostileInt);
    case 'Float':
      return nullable(fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(1e308, -1e308)));
    case 'Boolean':
      return nullable(fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1)));
    case 'DateTime':
      return nullable(
        fc.oneof(
          badDate,
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          hostileString,
        ),
      );
    default:
      return nullable(hostileString);
  }
}

function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (isUnionType(named) || depth > 1) return '{ __typename }';
  if (isObjectType(named) || isInterfaceType(named)) {
    const fields = Object.values(named.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
    const scalars = fields.filter(
      (f) => !isObjectType(getNamedType(f.type)) && !isInterfaceType(getNamedType(f.type)) && !isUnionType(getNamedType(f.type)),
    );
    const objects = fields.filter((f) => !scalars.includes(f));
    const picked = [
      ...scalars.slice(0, 6).map((f) => f.name),
      ...objects.slice(0, 2).map((f) => `${f.name} ${selectionOf(f.type, depth + 1)}`),
    ];
    return `{ __typename ${picked.join(' ')} }`;
  }
  return '';
}

/** Mutations that act on something named by an ID: an id that names nothing is refused. */
function actsOnId(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((a) => isNonNullType(a.type) && getNullableType(a.type) !== null && getNamedType(a.type).name === 'ID');
}

/** Mutations that cannot succeed with generated credentials or keys. */
const CREDENTIAL_MUTATIONS = new Set(['login', 'acceptInvitation', 'setMyOpenPgpKey']);

function operationArb(schema: GraphQLSchema, ids: string[], callers: string[]): fc.Arbitrary<FuzzRequest> {
  const queries = Object.values(schema.getQueryType()!.getFields());
  const mutations = Object.values(schema.getMutationType()!.getFields());
  const pick = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...queries).map((field) => ({ field, kind: 'query' as const })) },
    { weight: 2, arbitrary: fc.constantFrom(...mutations).map((field) => ({ field, kind: 'mutation' as const })) },
  );
  return fc.tuple(pick, fc.constantFrom(...callers), fc.boolean(), fc.nat()).chain(([{ field, kind }, caller, inline, which]) => {
    const semanticAllowed = kind === 'query' || actsOnId(field) || CREDENTIAL_MUTATIONS.has(field.name);
    // 'wrong': one argument of the wrong type; 'missing': a required argument left out; 'unknown': an extra argument.
    const modes = ['wrong', 'missing', 'unknown', ...(semanticAllowed ? ['hostile', 'hostile', 'hostile'] : [])].filter(
      (mode) => (mode !== 'wrong' || field.args.length > 0) && (mode !== 'missing' || field.args.some((a) => isNonNullType(a.type))),
    );
    const mode = modes[which % modes.length];
    const knownIds = kind === 'query';
    const args: Record<string, fc.Arbitrary<unknown>> = {};
    for (const arg of field.args) {
      let arb = hostileValue(arg.type, 0, ids, knownIds);
      // In a mutation that must be refused through its ids, every ID argument names nothing.
      if (kind === 'mutation' && mode === 'hostile' && getNamedType(arg.type).name === 'ID') {
        arb = isListType(getNullableType(arg.type)) ? fc.array(fc.uuid(), { minLength: 1, maxLength: 3 }) : fc.oneof(fc.uuid(), badUuid);
      }
      args[arg.name] = arb;
    }
    const target: GraphQLArgument | undefined =
      mode === 'wrong'
        ? field.args[which % field.args.length]
        : mode === 'missing'
          ? field.args.filter((a) => isNonNullType(a.type))[which % field.args.filter((a) => isNonNullType(a.type)).length]
          : undefined;
    if (mode === 'wrong' && target) args[target.name] = wrongTypeValue(target.type);
    return fc.record(args).map((values) => {
      const entries = Object.entries(values).filter(([name, value]) => {
        if (mode === 'missing' && target && name === target.name) return false;
        // Leaving out a nullable argument is fine; null for a non-null one is itself a refusal.
        return !(value === null && !isNonNullType(field.args.find((a) => a.name === name)!.type) && which % 3 === 0);
      });
      if (mode === 'unknown') entries.push(['fuzzUnknownArgument', 'x']);
      const selection = selectionOf(field.type);
      let body: Record<string, unknown>;
      if (inline || mode === 'unknown' || mode === 'wrong') {
        const argText = entries.length ? `(${entries.map(([name, value]) => `${name}: ${literal(value)}`).join(', ')})` : '';
        body = { query: `${kind} Fuzz { ${field.name}${argText} ${selection} }` };
      } else {
        const declared = entries.map(([name]) => `$${name}: ${field.args.find((a) => a.name === name)!.type.toString()}`);
        const argText = entries.length ? `(${entries.map(([name]) => `${name}: $${name}`).join(', ')})` : '';
        body = {
          query: `${kind} Fuzz${declared.length ? `(${declared.join(', ')})` : ''} { ${field.name}${argText} ${selection} }`,
          variables: Object.fromEntries(entries.map(([name, value]) => [name, asVariable(value)])),
        };
      }
      return {
        label: `${kind} ${field.name} (${mode}, ${inline ? 'inline' : 'variables'})`,
        caller,
        body: JSON.stringify(body),
        mustRefuse: kind === 'mutation',
      };
    });
  });
}

/** Broken requests below the GraphQL layer: bodies, content types, methods, batching. */
function httpArb(callers: string[]): fc.Arbitrary<FuzzRequest> {
  const simple = JSON.stringify({ query: '{ __typename }' });
  const bodies = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '',
      'null',
      '[]',
      '{}',
      '"query"',
      '{"query":',
      '{"query": 123}',
      '{"query": {"a": 1}}',
      '{"query": null}',
      '{"query": "{ __typename }", "variables": "nope"}',
      '{"query": "{ __typename }", "variables": [1, 2]}',
      '{"query": "{ __typename }", "operationName": 5}',
      '{"query": "{ __typename }", "operationName": "Missing"}',
      '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
      '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0000000000000000000000000000000000000000000000000000000000000000"}}}',
      `[${simple}, ${simple}]`,
      '{"query": "{ __typename }", "__proto__": {"polluted": true}}',
      '{"query": "\\u0000"}',
      '{"query": "{ me { id } }"}',
      '{"query": "subscription { alertReceived { id } }"}',
      '{"query": "mutation { login(email: \\"a@b.c\\", password: \\"x\\") { accessToken } }", "operationName": null}',
    ),
    fc.json({ maxDepth: 3 }),
  );
  return fc
    .tuple(
      bodies,
      fc.constantFrom<string | null>(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/graphql',
        null,
      ),
      fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
      fc.constantFrom(...callers),
    )
    .map(([body, contentType, method, caller]) => ({
      label: `http ${method} ${contentType} ${body.slice(0, 40)}`,
      caller,
      method,
      contentType,
      body,
      mustRefuse: false,
    }));
}

/** The request limits of RUNNING.md, each exceeded in a generated way. */
function limitsArb(callers: string[]): fc.Arbitrary<FuzzRequest> {
  const depth = fc.integer({ min: 13, max: 60 }).map((n) => {
    let inner = 'name';
    for (let i = 0; i < n; i++) inner = `ofType { ${inner} }`;
    return { query: `{ __schema { types { fields { type { ${inner} } } } } }` };
  });
  const aliases = fc
    .integer({ min: 31, max: 400 })
    .map((n) => ({ query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }` }));
  const operations = fc.integer({ min: 2, max: 20 }).map((n) => ({
    query: Array.from({ length: n }, (_, i) => `query Q${i} { __typename }`).join('\n'),
    operationName: 'Q0',
  }));
  const directives = fc.integer({ min: 51, max: 500 }).map((n) => ({ query: `{ __typename ${'@skip(if: false) '.repeat(n)}}` }));
  const tokens = fc.integer({ min: 4_001, max: 30_000 }).map((n) => ({ query: `{ ${'__typename '.repeat(n)}}` }));
  const cycle = fc.constant({ query: 'fragment A on Query { ...B } fragment B on Query { ...A } query { ...A }' });
  const cost = fc.integer({ min: 2, max: 30 }).map((n) => ({
    query: `{ ${Array.from({ length: n }, (_, i) => `p${i}: advisories(first: 200) { edges { node { id title summary body indicators recommendedActions } } }`).join(' ')} }`,
  }));
  const bigFirst = fc
    .constantFrom(201, 1_000, 2_147_483_647)
    .map((n) => ({ query: `{ advisories(first: ${n}) { edges { node { id } } } }` }));
  const hugeString = fc.constantFrom(900_000, 1_100_000, 3_000_000).map((n) => ({ query: `{ advisory(id: "${'x'.repeat(n)}") { id } }` }));
  // Fields that do not exist (or exist only inside the server): refused by validation, suggesting nothing.
  const unknownFields = fc.constantFrom(
    { query: '{ me { id passwordHash } }' },
    { query: '{ me { id password_hash organisation { id secret } } }' },
    { query: '{ advisories { edges { node { id fullBody authorId } } } }' },
    { query: '{ __type(name: "PersonEntity") { name fields { name } } }' },
    { query: '{ advisory(id: "00000000-0000-4000-8000-000000000000") { id audience { personIds } __proto__ } }' },
    { query: 'mutation { deleteEverything }' },
  );
  return fc
    .tuple(
      fc.oneof(depth, aliases, operations, directives, tokens, cycle, cost, bigFirst, hugeString, unknownFields),
      fc.constantFrom(...callers),
    )
    .map(([body, caller]) => ({
      label: `limits ${String(body.query).slice(0, 60)}`,
      caller,
      body: JSON.stringify(body),
      mustRefuse: false,
    }));
}

describe('generated malformed, oversized and hostile GraphQL requests', () => {
  let api: TestApp;
  let schema: GraphQLSchema;
  const tokens: Record<string, string | undefined> = {};
  const ids: string[] = [];
  const findings: string[] = [];
  const timings: Array<[number, string]> = [];
  let before: string;

  async function snapshot(): Promise<string> {
    // access_log is left out: reading an advisory is supposed to be logged.
    const tables = [
      'organisations',
      'persons',
      'invitations',
      'advisories',
      'advisory_versions',
      'widening_proposals',
      'alert_channels',
      'alerts',
      'alert_deliveries',
      'alert_digests',
      'outbox_events',
      'email_security_settings',
      'audit_log',
    ];
    const parts = await Promise.all(
      tables.map((t) =>
        api.dataSource.query(`SELECT to_jsonb(t)::text AS row FROM ${t} t ORDER BY 1`).then((rows) => `${t}: ${JSON.stringify(rows)}`),
      ),
    );
    return parts.join('\n');
  }

  beforeAll(async () => {
    api = await startTestApp();
    schema = api.app.get(GraphQLSchemaHost).schema;
    const ds = api.dataSource;
    const memberOrg = await insertOrganisation(ds, { tier: MembershipTier.CLASS_1 });
    const cityOrg = await insertOrganisation(ds, {
      kind: OrganisationKind.LOCAL_GOVERNMENT,
      tier: MembershipTier.NONE,
      prefecture: '13',
      municipality: '13101',
      agreementExpiresAt: null,
      sectors: [],
    });
    const member = await insertPerson(ds, { organisationId: memberOrg.id, roles: [Role.ANALYST] });
    const orgAdmin = await insertPerson(ds, { organisationId: memberOrg.id, roles: [Role.ORG_ADMIN] });
    const auditor = await insertPerson(ds, { roles: [Role.AUDITOR] });
    const city = await insertPerson(ds, { organisationId: cityOrg.id });
    const unpledged = await insertPerson(ds, { organisationId: memberOrg.id, pledgeExpiresAt: inDays(-1) });
    const [admin] = await ds.query(`SELECT id FROM persons WHERE email = $1`, [BOOTSTRAP_ADMIN.email]);
    for (const fields of [
      {},
      { fullClassification: Classification.COUNCIL_CONFIDENTIAL, fullTlp: Tlp.AMBER },
      { status: AdvisoryStatus.DRAFT },
      { status: AdvisoryStatus.PENDING_REVIEW },
      { fullTlp: Tlp.RED, audiencePersonIds: [member.id] },
    ]) {
      ids.push((await insertAdvisory(ds, { authorId: member.id, originatorOrgId: memberOrg.id, ...fields })).id);
    }
    ids.push(memberOrg.id, cityOrg.id, member.id, auditor.id, String(admin.id));
    Object.assign(tokens, {
      anonymous: undefined,
      member: api.tokenFor(member.id),
      orgAdmin: api.tokenFor(orgAdmin.id),
      secretariat: api.tokenFor(String(admin.id)),
      auditor: api.tokenFor(auditor.id),
      municipality: api.tokenFor(city.id),
      unpledged: api.tokenFor(unpledged.id),
      expired: api.tokenFor(member.id, { expiresIn: -60 }),
      nobody: api.tokenFor('4b1d4b1d-0000-4000-8000-000000000000'),
      garbage: 'not-a-token',
      unsigned: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(`{"sub":"${admin.id}"}`).toString('base64url')}.`,
    });
    before = await snapshot();
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  async function send(request: FuzzRequest): Promise<void> {
    const token = tokens[request.caller];
    const method = request.method ?? 'POST';
    const headers: Record<string, string> = { ...(request.extraHeaders ?? {}) };
    if (request.contentType !== null) headers['content-type'] = request.contentType ?? 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const url = method === 'GET' ? `${api.url}/graphql?query=${encodeURIComponent(request.body.slice(0, 4_000))}` : `${api.url}/graphql`;
    let status: number;
    let text: string;
    const started = Date.now();
    try {
      const response = await fetch(url, { method, headers, body: method === 'GET' ? undefined : request.body });
      status = response.status;
      text = await response.text();
    } catch (error) {
      // A body over 1 MB may be answered 413 and the connection closed before the client sent it all.
      if (Buffer.byteLength(request.body) > 1_000_000 && (await fetch(`${api.url}/health/live`)).ok) return;
      // A pooled keep-alive connection the server had just closed (after a 413) fails once: ask again on a fresh one.
      try {
        const response = await fetch(url, {
          method,
          headers: { ...headers, connection: 'close' },
          body: method === 'GET' ? undefined : request.body,
        });
        status = response.status;
        text = await response.text();
      } catch {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        findings.push(
          `${request.label} as ${request.caller}: no answer (${error instanceof Error ? error.message : String(error)}; ${cause?.code ?? cause?.message ?? ''})`,
        );
        return;
      }
    } finally {
      timings.push([Date.now() - started, request.label]);
    }
    const problem = judge(request, status, text);
    if (problem) findings.push(`${request.label} as ${request.caller}: ${problem} — ${text.slice(0, 300)}`);
  }

  function judge(request: FuzzRequest, status: number, text: string): string | null {
    if (status >= 500) return `HTTP ${status}`;
    const leak = INTERNALS.exec(text);
    if (leak) return `internals in the answer (${leak[0]}: …${text.slice(Math.max(0, leak.index - 200), leak.index + 100)}…)`;
    if (status >= 400) return null; // a refusal at the HTTP layer
    let body: { data?: unknown; errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> };
    try {
      body = JSON.parse(text);
    } catch {
      return `HTTP ${status} with a body that is not JSON`;
    }
    for (const error of body.errors ?? []) {
      if (typeof error.extensions?.code !== 'string') return 'an error without a code';
      if (error.extensions.code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL_SERVER_ERROR';
      if (typeof error.message !== 'string' || error.message.length === 0) return 'an error without a message';
    }
    if (request.mustRefuse && !body.errors?.length) return 'a mutation that must be refused succeeded';
    // graphql-armor blocks field suggestions: a refusal must not list fields the caller did not name.
    if (body.errors?.some((e) => /Did you mean "/.test(String(e.message)))) return 'a field suggestion in a refusal';
    return null;
  }

  it(`${RUNS} operations over the live schema: every answer is a clear refusal or a result, never an internal error`, async () => {
    const callers = Object.keys(tokens);
    console.log(`graphql fuzz seed ${SEED} (COUNCIL_FUZZ_SEED to replay)`);
    await fc.assert(
      fc.asyncProperty(operationArb(schema, ids, callers), async (request) => {
        await send(request);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    await fc.assert(fc.asyncProperty(httpArb(callers), send), { numRuns: Math.ceil(RUNS / 5), seed: SEED });
    await fc.assert(fc.asyncProperty(limitsArb(callers), send), { numRuns: Math.ceil(RUNS / 10), seed: SEED });
    const slowest = [...timings].sort((a, b) => b[0] - a[0]).slice(0, 5);
    console.log(
      `graphql fuzz: ${timings.length} requests; slowest ${JSON.stringify(slowest.map(([ms, label]) => `${ms} ms ${label.slice(0, 80)}`))}`,
    );
    const distinct = [...new Set(findings.map((f) => f.replace(/ — .*/s, '')))];
    if (distinct.length)
      console.log(
        `graphql fuzz findings (${findings.length}):\n${distinct.slice(0, 40).join('\n')}\n\nexamples:\n${findings.slice(0, 10).join('\n\n')}`,
      );
    expect(distinct).toEqual([]);
  }, 300_000);

  it('leaves the data exactly as it was, and the API answers normally afterwards', async () => {
    expect(await snapshot()).toBe(before);
    const me = await api.gqlOk(`{ me { id } }`, {}, tokens.member);
    expect(me.me.id).toBeTruthy();
  }, 30_000);
});
