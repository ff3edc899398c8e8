import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { domainToASCII } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

/**
 * The official STIX 2.1 JSON schemas (OASIS cti-stix2-json-schemas, vendored in test/fixtures), loaded
 * from disk with their own $ids so every relative $ref resolves locally: nothing is downloaded.
 */
const SCHEMA_ROOT = resolve(process.cwd(), 'test/fixtures/stix2.1-json-schemas/schemas'); // npm test runs from the project root
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

export interface StixValidator {
  /** Errors of one STIX object against the schema of its type ([] when valid). */
  objectErrors(object: object): string[];
  bundleErrors(bundle: unknown): string[];
}

export function loadStixValidator(): StixValidator {
  // The schemas' patterns are not all valid with the u flag (`\-` in core.json): plain RegExp semantics.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  // ajv-formats has no idn-hostname (domain-name.json uses it): what node's URL parser accepts.
  ajv.addFormat('idn-hostname', (value: string) => value.length <= 253 && domainToASCII(value) !== '');
  for (const folder of readdirSync(SCHEMA_ROOT)) {
    for (const file of readdirSync(join(SCHEMA_ROOT, folder)).filter((f) => f.endsWith('.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_ROOT, folder, file), 'utf8')));
    }
  }
  const byType = new Map<string, ValidateFunction>();
  const schemaFor = (type: string): ValidateFunction => {
    let validate = byType.get(type);
    if (!validate) {
      const folder = type === 'marking-definition' ? 'common' : type === 'relationship' || type === 'sighting' ? 'sros' : 'sdos';
      validate = ajv.getSchema(`${BASE}${folder}/${type}.json`);
      if (!validate) throw new Error(`no STIX schema for type ${type}`);
      byType.set(type, validate);
    }
    return validate;
  };
  const errors = (validate: ValidateFunction, value: unknown): string[] =>
    validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  const bundle = ajv.getSchema(`${BASE}common/bundle.json`);
  if (!bundle) throw new Error('no STIX bundle schema');
  return {
    objectErrors: (object) => errors(schemaFor(String((object as { type?: unknown }).type)), object),
    bundleErrors: (value) => errors(bundle, value),
  };
}
