import { nameSome, StixImportErrors } from './stix-import-errors';
import { STIX_IMPORT_LIMITS } from './stix-import-limits';
import { isAcceptedType, OBSERVABLE_TYPES } from './stix-object-types';
import { assertSafeValue, isJsonObject, parseBundleText, type JsonObject } from './untrusted-json';

/** A STIX object that passed the structural and safety checks: `type` and `id` are trustworthy. */
export interface StixObject extends JsonObject {
  type: string;
  id: string;
}

export interface StixBundle {
  id: string;
  objects: StixObject[];
}

/** STIX 2.1 §2.7: 3 to 250 characters of a-z, 0-9 and hyphens, no leading or trailing hyphen. */
const TYPE_NAME = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
/** STIX 2.1 §2.9: `<type>--<UUID>`. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A bundle has these and custom (x_) properties only; spec_version on a bundle means STIX 2.0. */
const BUNDLE_PROPERTIES = new Set(['type', 'id', 'objects']);

export function isStixId(value: unknown, type?: string): value is string {
  if (typeof value !== 'string') return false;
  const separator = value.indexOf('--');
  if (separator < 0) return false;
  const prefix = value.slice(0, separator);
  return (type === undefined ? TYPE_NAME.test(prefix) : prefix === type) && UUID.test(value.slice(separator + 2));
}

/**
 * The bundle text parsed and checked as a whole: a STIX 2.1 bundle of at most
 * STIX_IMPORT_LIMITS.objects objects, each with a valid type, id and spec_version, no id twice,
 * only accepted types, and nothing unsafe anywhere. The first problem found refuses the import.
 */
export function readStixBundle(text: string): StixBundle {
  const parsed = parseBundleText(text);
  if (!isJsonObject(parsed)) {
    throw StixImportErrors.refused(`the bundle must be a JSON object (got ${describeValue(parsed)})`);
  }
  if (parsed.type !== 'bundle') {
    throw StixImportErrors.refused(`the top-level object must have "type": "bundle" (got ${describeValue(parsed.type)})`);
  }
  const bundleId = isStixId(parsed.id, 'bundle') ? parsed.id : null;
  if (!bundleId) throw StixImportErrors.refused('the bundle needs an "id" of the form bundle--<UUID>');
  for (const key of Object.keys(parsed)) {
    if (key === 'spec_version') {
      throw StixImportErrors.objectRefused(
        bundleId,
        `spec_version on a bundle is STIX 2.0 (${describeValue(parsed.spec_version)}); only STIX 2.1 bundles are imported`,
      );
    }
    if (!BUNDLE_PROPERTIES.has(key) && !key.startsWith('x_')) {
      throw StixImportErrors.objectRefused(bundleId, `unknown bundle property ${JSON.stringify(key.slice(0, 80))}`);
    }
  }
  assertSafeValue(Object.fromEntries(Object.entries(parsed).filter(([key]) => key !== 'objects')), bundleId, '');

  const objects = parsed.objects;
  if (!Array.isArray(objects) || objects.length === 0) {
    throw StixImportErrors.objectRefused(bundleId, '"objects" must be a non-empty array: there is nothing to import');
  }
  if (objects.length > STIX_IMPORT_LIMITS.objects) {
    throw StixImportErrors.objectRefused(bundleId, `${objects.length} objects; at most ${STIX_IMPORT_LIMITS.objects} are accepted`);
  }

  const seen = new Set<string>();
  const checked = objects.map((object, index) => {
    const stixObject = checkObject(object, index);
    if (seen.has(stixObject.id)) {
      throw StixImportErrors.objectRefused(
        stixObject.id,
        'this id appears more than once in the bundle (import one version of each object)',
      );
    }
    seen.add(stixObject.id);
    return stixObject;
  });

  const unknown = checked.filter((object) => !isAcceptedType(object.type));
  if (unknown.length > 0) {
    const types = [...new Set(unknown.map((object) => object.type))];
    throw StixImportErrors.refused(
      `object types that cannot be imported: ${types.join(', ')} (${nameSome(unknown.map((object) => object.id))}). ` +
        'Accepted: STIX 2.1 report, indicator, marking-definition and the standard domain, relationship and cyber-observable objects; custom types are not',
    );
  }
  return { id: bundleId, objects: checked };
}

function checkObject(object: unknown, index: number): StixObject {
  const position = `objects[${index}]`;
  if (!isJsonObject(object)) {
    throw StixImportErrors.objectRefused(position, `every object of a bundle must be a JSON object (got ${describeValue(object)})`);
  }
  const { type, id } = object;
  if (typeof type !== 'string' || !TYPE_NAME.test(type)) {
    throw StixImportErrors.objectRefused(position, `"type" must be a STIX type name (got ${describeValue(type)})`);
  }
  if (!isStixId(id, type)) {
    throw StixImportErrors.objectRefused(position, `"id" must be ${type}--<UUID> (got ${describeValue(id)})`);
  }
  assertSafeValue(object, id, '');
  // SCOs may leave spec_version out (STIX 2.1 §6.1); every other object must say 2.1.
  const optional = OBSERVABLE_TYPES.has(type);
  if (object.spec_version === undefined ? !optional : object.spec_version !== '2.1') {
    throw StixImportErrors.objectRefused(
      id,
      `spec_version must be "2.1" (got ${describeValue(object.spec_version)}); only STIX 2.1 is imported`,
    );
  }
  return object as StixObject;
}

/** A short, safe description of an unexpected JSON value for a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects are handled above, what is left is a primitive
  return String(value);
}
