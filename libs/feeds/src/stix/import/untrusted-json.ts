import { characterCount } from '@app/advisories/lifecycle/advisory-limits';
import { StixImportErrors } from './stix-import-errors';
import { STIX_IMPORT_LIMITS } from './stix-import-limits';

/**
 * Property names that change an object's prototype when code copies untrusted input with
 * `Object.assign`, spreading or a merge helper. No STIX property is spelt like this.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * C0 and C1 control characters other than tab, line feed and carriage return (PostgreSQL refuses
 * NUL in text; the others hide text from reviewers), and the bidirectional overrides and isolates
 * that make a value read differently from what it is ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const UNSAFE_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** Half of a UTF-16 surrogate pair on its own (JSON lets "\ud800" through; it is not text). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The bundle's text as JSON, refused when it is too large or is not JSON at all. */
export function parseBundleText(text: string): unknown {
  if (text.length > STIX_IMPORT_LIMITS.bundleCharacters) {
    throw StixImportErrors.refused(
      `the bundle is ${text.length} characters long; at most ${STIX_IMPORT_LIMITS.bundleCharacters} are accepted`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw StixImportErrors.refused(`the bundle is not valid JSON${position ? ` (at character ${position})` : ''}`);
  }
}

/**
 * Refuses anything in `value` that is unsafe whatever its meaning: too deep, a property name that
 * could pollute a prototype or is too long, a string too long or carrying control characters.
 * `subject` names the STIX object in the message; `path` the field inside it.
 */
export function assertSafeValue(value: unknown, subject: string, path: string, depth = 0): void {
  if (depth > STIX_IMPORT_LIMITS.depth) {
    throw StixImportErrors.objectRefused(subject, `${path || 'the object'} is nested more than ${STIX_IMPORT_LIMITS.depth} levels deep`);
  }
  if (typeof value === 'string') {
    assertSafeText(value, subject, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assertSafeValue(item, subject, `${path}[${index}]`, depth + 1));
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const where = path ? `${path}.${printableKey(key)}` : printableKey(key);
      if (PROTOTYPE_KEYS.has(key)) {
        throw StixImportErrors.objectRefused(subject, `the property name ${where} is not allowed (it could alter object prototypes)`);
      }
      if (characterCount(key) > STIX_IMPORT_LIMITS.keyCharacters) {
        throw StixImportErrors.objectRefused(
          subject,
          `a property name under ${path || 'the object'} is longer than ${STIX_IMPORT_LIMITS.keyCharacters} characters`,
        );
      }
      assertSafeText(key, subject, `the property name ${where}`);
      assertSafeValue(item, subject, where, depth + 1);
    }
  }
}

function assertSafeText(text: string, subject: string, where: string): void {
  const unsafe = UNSAFE_CHARACTER.exec(text);
  if (unsafe) {
    const code = unsafe[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw StixImportErrors.objectRefused(subject, `${where} contains the control character U+${code}`);
  }
  if (LONE_SURROGATE.test(text)) {
    throw StixImportErrors.objectRefused(subject, `${where} contains an unpaired surrogate (not valid Unicode text)`);
  }
  if (characterCount(text) > STIX_IMPORT_LIMITS.stringCharacters) {
    throw StixImportErrors.objectRefused(subject, `${where} is longer than ${STIX_IMPORT_LIMITS.stringCharacters} characters`);
  }
}

/** A property name as it may appear in a message: plain names as they are, anything else quoted. */
function printableKey(key: string): string {
  return /^[A-Za-z0-9_-]{1,80}$/.test(key) ? key : JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key);
}
