import { randomUUID } from 'node:crypto';
import { allCouncilMarkingDefinitions, COUNCIL_IDENTITY, type StixMarkingDefinition } from '../stix-markings';
import type { StixBundle, StixObject } from './stix-objects';

/**
 * The council's own objects that every export refers to: its identity (created_by_ref) and the
 * marking definitions (TLP 2.0 and classification), so a bundle resolves every reference it makes.
 */
export function councilReferenceObjects(): StixObject[] {
  return [{ ...COUNCIL_IDENTITY }, ...allCouncilMarkingDefinitions()];
}

/**
 * A STIX 2.1 bundle of `objects`, preceded by the council's identity and the marking definitions
 * the objects refer to (each once). Objects keep their order; duplicates (same id and version) are
 * dropped.
 */
export function buildStixBundle(objects: readonly StixObject[], bundleId = `bundle--${randomUUID()}`): StixBundle {
  const referenced = new Set<string>();
  for (const object of objects) {
    for (const ref of (object as { object_marking_refs?: string[] }).object_marking_refs ?? []) referenced.add(ref);
    const createdBy = (object as { created_by_ref?: string }).created_by_ref;
    if (createdBy) referenced.add(createdBy);
  }
  const references = councilReferenceObjects().filter((o) => referenced.has(o.id) || o.type === 'identity');
  // The classification markings are themselves marked TLP:CLEAR, and the identity UNCLASSIFIED.
  for (const o of references) {
    for (const ref of (o as StixMarkingDefinition).object_marking_refs ?? []) referenced.add(ref);
  }
  const withTheirMarkings = councilReferenceObjects().filter((o) => referenced.has(o.id) || o.type === 'identity');
  const seen = new Set<string>();
  const all: StixObject[] = [];
  for (const object of [...withTheirMarkings, ...objects]) {
    const key = `${object.id}|${'modified' in object ? object.modified : object.created}`;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(object);
  }
  return { type: 'bundle', id: bundleId, objects: all };
}
