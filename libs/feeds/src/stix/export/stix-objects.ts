import type { StixIdentity, StixMarkingDefinition } from '../stix-markings';

/** The STIX 2.1 objects the council exports (only the properties we set). */
export interface StixReport {
  type: 'report';
  spec_version: '2.1';
  id: string;
  created: string;
  modified: string;
  created_by_ref: string;
  name: string;
  description?: string;
  report_types: string[];
  published: string;
  object_refs: string[];
  labels?: string[];
  revoked?: boolean;
  object_marking_refs: string[];
}

export interface StixIndicator {
  type: 'indicator';
  spec_version: '2.1';
  id: string;
  created: string;
  modified: string;
  created_by_ref: string;
  name: string;
  pattern: string;
  pattern_type: 'stix';
  pattern_version: '2.1';
  valid_from: string;
  object_marking_refs: string[];
}

export type StixObject = StixReport | StixIndicator | StixIdentity | StixMarkingDefinition;

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** The version of an object as TAXII names it: `modified`, or `created` for unversioned objects. */
export function stixVersion(object: StixObject): string {
  return 'modified' in object && typeof object.modified === 'string' ? object.modified : object.created;
}
