import { Classification, CLASSIFICATION_ORDER, rank, Tlp, TLP_ORDER } from '@app/platform/vocabulary';
import { classificationForMarkingId, TLP2_EXTENSION_DEFINITION_ID, tlpForMarkingId } from '../stix-markings';
import { describeValue, isStixId, type StixObject } from './stix-bundle';
import { StixImportErrors } from './stix-import-errors';
import { isJsonObject } from './untrusted-json';

/**
 * OpenCTI's TLP:AMBER+STRICT marking. TLP 1.0 has no AMBER+STRICT and OpenCTI predates the
 * official TLP 2.0 objects, so its exports use this fixed id (with x_opencti_definition
 * "TLP:AMBER+STRICT" on the object when it is included).
 */
export const OPENCTI_AMBER_STRICT_MARKING_ID = 'marking-definition--826578e1-40ad-459f-bc73-ede076f81f37';

/** TLP words as TLP 1.0, TLP 2.0 and OpenCTI write them, lower case, without a "tlp:" prefix. */
const TLP_WORDS: Readonly<Record<string, Tlp>> = {
  white: Tlp.CLEAR,
  clear: Tlp.CLEAR,
  green: Tlp.GREEN,
  amber: Tlp.AMBER,
  'amber+strict': Tlp.AMBER_STRICT,
  red: Tlp.RED,
};

/** What the markings of a bundle say about how far its content may travel. */
export interface MarkingReading {
  /** The most restrictive TLP among the markings that objects reference; null when none does. */
  tlp: Tlp | null;
  /** The highest council classification among the referenced markings; null when none. */
  classification: Classification | null;
  /** Marking-definition ids that decided the TLP or the classification. */
  deciding: Set<string>;
}

/**
 * Reads every marking that an object of the bundle references (object_marking_refs and
 * granular_markings, on every object, imported or not: a marking on a part of the content
 * restricts the whole draft, which cannot carry it field by field). A referenced marking must be
 * an official TLP 1.0 or 2.0 marking, the council's classification marking, or be defined in the
 * bundle as a TLP, statement or PAP marking; anything else is refused, since we could not tell
 * how restrictive it is. A marking whose id and content disagree is refused too.
 */
export function readMarkings(objects: readonly StixObject[]): MarkingReading {
  const definitions = new Map(objects.filter((o) => o.type === 'marking-definition').map((o) => [o.id, o]));
  const references = new Map<string, string>(); // marking id → first object referencing it
  for (const object of objects) {
    if (object.type === 'marking-definition') continue; // a definition's own marking is not the content's
    for (const ref of markingRefs(object)) if (!references.has(ref)) references.set(ref, object.id);
  }

  let tlp: Tlp | null = null;
  let classification: Classification | null = null;
  const deciding = new Set<string>();
  for (const [markingId, referrer] of references) {
    const definition = definitions.get(markingId) ?? null;
    const meaning = meaningOf(markingId, definition, referrer);
    if (meaning.tlp) {
      deciding.add(markingId);
      if (tlp === null || rank(TLP_ORDER, meaning.tlp) > rank(TLP_ORDER, tlp)) tlp = meaning.tlp;
    } else if (meaning.classification) {
      deciding.add(markingId);
      if (classification === null || rank(CLASSIFICATION_ORDER, meaning.classification) > rank(CLASSIFICATION_ORDER, classification)) {
        classification = meaning.classification;
      }
    }
  }
  return { tlp, classification, deciding };
}

function markingRefs(object: StixObject): string[] {
  const refs: unknown[] = [];
  if (object.object_marking_refs !== undefined) {
    if (!Array.isArray(object.object_marking_refs)) {
      throw StixImportErrors.objectRefused(
        object.id,
        `object_marking_refs must be a list of marking-definition ids (got ${describeValue(object.object_marking_refs)})`,
      );
    }
    refs.push(...(object.object_marking_refs as unknown[]));
  }
  if (object.granular_markings !== undefined) {
    if (!Array.isArray(object.granular_markings)) {
      throw StixImportErrors.objectRefused(object.id, `granular_markings must be a list (got ${describeValue(object.granular_markings)})`);
    }
    for (const granular of object.granular_markings) {
      if (!isJsonObject(granular)) throw StixImportErrors.objectRefused(object.id, 'each granular marking must be an object');
      if (granular.marking_ref !== undefined) refs.push(granular.marking_ref);
      else if (granular.lang === undefined)
        throw StixImportErrors.objectRefused(object.id, 'a granular marking has neither marking_ref nor lang');
    }
  }
  for (const ref of refs) {
    if (!isStixId(ref, 'marking-definition')) {
      throw StixImportErrors.objectRefused(
        object.id,
        `a marking reference must be a marking-definition--<UUID> id (got ${describeValue(ref)})`,
      );
    }
  }
  return refs as string[];
}

interface MarkingMeaning {
  tlp?: Tlp;
  classification?: Classification;
}

function meaningOf(markingId: string, definition: StixObject | null, referrer: string): MarkingMeaning {
  const byId: Array<[string, Tlp]> = [];
  const officialTlp = tlpForMarkingId(markingId) ?? (markingId === OPENCTI_AMBER_STRICT_MARKING_ID ? Tlp.AMBER_STRICT : undefined);
  if (officialTlp) byId.push(['its id', officialTlp]);
  const classification = classificationForMarkingId(markingId);

  if (!definition) {
    if (officialTlp) return { tlp: officialTlp };
    if (classification) return { classification };
    throw StixImportErrors.objectRefused(
      referrer,
      `references ${markingId}, which is neither an official TLP marking nor defined in the bundle: how far its content may be shared cannot be told`,
    );
  }

  const readings = [...byId, ...tlpReadings(definition)];
  const distinct = [...new Set(readings.map(([, value]) => value))];
  if (distinct.length > 1) {
    throw StixImportErrors.objectRefused(
      markingId,
      `the marking contradicts itself: ${readings.map(([source, value]) => `${source} says ${value}`).join(', ')}`,
    );
  }
  if (distinct.length === 1) {
    if (classification) throw StixImportErrors.objectRefused(markingId, 'the council classification marking is defined as a TLP marking');
    return { tlp: distinct[0] };
  }
  if (officialTlp) return { tlp: officialTlp };

  const definitionType = typeof definition.definition_type === 'string' ? definition.definition_type.toLowerCase() : null;
  if (classification) {
    if (definitionType !== 'statement') {
      throw StixImportErrors.objectRefused(
        markingId,
        `the council classification marking must be a statement marking (got definition_type ${describeValue(definition.definition_type)})`,
      );
    }
    return { classification };
  }
  const openCtiType = typeof definition.x_opencti_definition_type === 'string' ? definition.x_opencti_definition_type.toLowerCase() : null;
  // A statement (a copyright or terms-of-use text) and PAP (what a recipient may do, not who may
  // read) say nothing an advisory's TLP or classification could carry.
  if (definitionType === 'statement' || definitionType === 'pap' || openCtiType === 'pap') return {};
  throw StixImportErrors.objectRefused(
    markingId,
    `marking definitions of type ${describeValue(definition.definition_type)} are not understood (referenced by ${referrer}); accepted: TLP, statement, PAP and the council's classification markings`,
  );
}

/** Every statement of a TLP level inside a marking-definition object, with where it was found. */
function tlpReadings(definition: StixObject): Array<[string, Tlp]> {
  const readings: Array<[string, Tlp]> = [];
  const read = (source: string, value: unknown) => {
    if (value === undefined) return;
    const word = typeof value === 'string' ? value.trim().toLowerCase().replace(/^tlp:/, '') : null;
    const tlp = word !== null ? TLP_WORDS[word] : undefined;
    if (!tlp) throw StixImportErrors.objectRefused(definition.id, `${source} is not a TLP level (got ${describeValue(value)})`);
    readings.push([source, tlp]);
  };
  if (typeof definition.definition_type === 'string' && definition.definition_type.toLowerCase() === 'tlp') {
    const body = definition.definition;
    if (!isJsonObject(body)) throw StixImportErrors.objectRefused(definition.id, 'a TLP marking needs a "definition" object');
    read('definition.tlp', body.tlp ?? body.TLP ?? null);
  }
  const extensions = definition.extensions;
  if (isJsonObject(extensions) && isJsonObject(extensions[TLP2_EXTENSION_DEFINITION_ID])) {
    read('the TLP 2.0 extension', extensions[TLP2_EXTENSION_DEFINITION_ID].tlp_2_0);
  }
  if (typeof definition.x_opencti_definition_type === 'string' && definition.x_opencti_definition_type.toLowerCase() === 'tlp') {
    read('x_opencti_definition', definition.x_opencti_definition);
  }
  return readings;
}
