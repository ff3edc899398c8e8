import { createHash } from 'node:crypto';
import { Classification, Tlp } from '@app/platform/vocabulary';

/**
 * The STIX 2.1 marking definitions the council uses and understands.
 *
 * TLP 2.0: the official OASIS objects of the TLP 2.0 extension (cti-stix-common-objects,
 * extension-definition-specifications/tlp-2.0): fixed ids, created 2022-10-01, no created_by_ref,
 * carried by the property extension `extension-definition--60a3c5c5-…`. Producers MUST use them
 * unchanged; we export with them.
 * TLP 1.0: the four objects predefined by STIX 2.1 §7.2.1.4 (created 2017-01-20). We never emit
 * them, but feeds we import still use them, so their ids map to our vocabulary too.
 * Council classification: one `statement` marking per Classification, ids derived (UUIDv5) from a
 * fixed namespace so every export and every replica names them identically.
 */

export const STIX_SPEC_VERSION = '2.1';

/** Fixed namespace of every id the council derives (changing it renames every exported object). */
export const COUNCIL_STIX_NAMESPACE = 'a51e4bcd-484c-4e82-9c82-0a8712e7abcb';

/**
 * RFC 4122 name-based UUID, version 5 (SHA-1), with node's crypto only. Deterministic: the same
 * (namespace, name) gives the same UUID on every run and every machine.
 */
export function uuidV5(name: string, namespace: string = COUNCIL_STIX_NAMESPACE): string {
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (namespaceBytes.length !== 16) throw new Error('uuidV5: the namespace must be a UUID');
  const hash = createHash('sha1').update(namespaceBytes).update(Buffer.from(name, 'utf8')).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A deterministic STIX identifier `<type>--<uuidv5>` for a name in the council's namespace. */
export function councilStixId(type: string, name: string): string {
  return `${type}--${uuidV5(`${type}:${name}`)}`;
}

// ---------------------------------------------------------------------------------------------
// TLP 2.0 (official)

export const TLP2_EXTENSION_DEFINITION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const TLP2_CREATED = '2022-10-01T00:00:00.000Z';

export const TLP2_MARKING_IDS: Readonly<Record<Tlp, string>> = {
  [Tlp.CLEAR]: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  [Tlp.GREEN]: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  [Tlp.AMBER]: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  [Tlp.AMBER_STRICT]: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  [Tlp.RED]: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** The value of the extension's `tlp_2_0` property (lower case, `amber+strict`). */
export const TLP2_VALUES: Readonly<Record<Tlp, string>> = {
  [Tlp.CLEAR]: 'clear',
  [Tlp.GREEN]: 'green',
  [Tlp.AMBER]: 'amber',
  [Tlp.AMBER_STRICT]: 'amber+strict',
  [Tlp.RED]: 'red',
};

const TLP2_NAMES: Readonly<Record<Tlp, string>> = {
  [Tlp.CLEAR]: 'TLP:CLEAR',
  [Tlp.GREEN]: 'TLP:GREEN',
  [Tlp.AMBER]: 'TLP:AMBER',
  [Tlp.AMBER_STRICT]: 'TLP:AMBER+STRICT',
  [Tlp.RED]: 'TLP:RED',
};

export interface StixMarkingDefinition {
  type: 'marking-definition';
  spec_version: '2.1';
  id: string;
  created: string;
  name: string;
  created_by_ref?: string;
  definition_type?: string;
  definition?: Record<string, string>;
  extensions?: Record<string, Record<string, string>>;
  object_marking_refs?: string[];
}

/** The official TLP 2.0 marking-definition object for a TLP value, exactly as OASIS publishes it. */
export function tlp2MarkingDefinition(tlp: Tlp): StixMarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: TLP2_CREATED,
    name: TLP2_NAMES[tlp],
    extensions: {
      [TLP2_EXTENSION_DEFINITION_ID]: { extension_type: 'property-extension', tlp_2_0: TLP2_VALUES[tlp] },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// TLP 1.0 (STIX 2.1 §7.2.1.4), for reading older feeds

export const TLP1_MARKING_IDS = {
  WHITE: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  GREEN: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  AMBER: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  RED: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
} as const;

/** TLP 1.0 → our TLP 2.0 vocabulary (FIRST: WHITE became CLEAR; the others keep their meaning). */
export const TLP1_TO_TLP: Readonly<Record<keyof typeof TLP1_MARKING_IDS, Tlp>> = {
  WHITE: Tlp.CLEAR,
  GREEN: Tlp.GREEN,
  AMBER: Tlp.AMBER,
  RED: Tlp.RED,
};

const TLP_BY_MARKING_ID: ReadonlyMap<string, Tlp> = new Map<string, Tlp>([
  ...(Object.entries(TLP2_MARKING_IDS) as [Tlp, string][]).map(([tlp, id]) => [id, tlp] as [string, Tlp]),
  ...(Object.entries(TLP1_MARKING_IDS) as [keyof typeof TLP1_MARKING_IDS, string][]).map(
    ([name, id]) => [id, TLP1_TO_TLP[name]] as [string, Tlp],
  ),
]);

/** Our TLP for an official TLP 1.0 or 2.0 marking-definition id; undefined for any other id. */
export function tlpForMarkingId(markingId: string): Tlp | undefined {
  return TLP_BY_MARKING_ID.get(markingId);
}

// ---------------------------------------------------------------------------------------------
// The council itself and its classification markings

const COUNCIL_OBJECTS_CREATED = '2025-05-16T00:00:00.000Z';

export const COUNCIL_IDENTITY_ID = councilStixId('identity', 'council');

export interface StixIdentity {
  type: 'identity';
  spec_version: '2.1';
  id: string;
  created: string;
  modified: string;
  name: string;
  identity_class: string;
  sectors?: string[];
  object_marking_refs?: string[];
}

/** The council's identity: `created_by_ref` of everything the council exports. */
export const COUNCIL_IDENTITY: Readonly<StixIdentity> = Object.freeze({
  type: 'identity',
  spec_version: '2.1',
  id: COUNCIL_IDENTITY_ID,
  created: COUNCIL_OBJECTS_CREATED,
  modified: COUNCIL_OBJECTS_CREATED,
  name: 'National Cybersecurity Council (Japan)',
  identity_class: 'organization',
  sectors: ['government-national'],
  object_marking_refs: [TLP2_MARKING_IDS[Tlp.CLEAR], councilStixId('marking-definition', `classification:${Classification.UNCLASSIFIED}`)],
});

export const CLASSIFICATION_MARKING_IDS: Readonly<Record<Classification, string>> = {
  [Classification.UNCLASSIFIED]: councilStixId('marking-definition', `classification:${Classification.UNCLASSIFIED}`),
  [Classification.COUNCIL_CONFIDENTIAL]: councilStixId('marking-definition', `classification:${Classification.COUNCIL_CONFIDENTIAL}`),
  [Classification.IESI]: councilStixId('marking-definition', `classification:${Classification.IESI}`),
};

const CLASSIFICATION_STATEMENTS: Readonly<Record<Classification, string>> = {
  [Classification.UNCLASSIFIED]: 'Council classification: UNCLASSIFIED.',
  [Classification.COUNCIL_CONFIDENTIAL]:
    'Council classification: COUNCIL_CONFIDENTIAL. For members of the council only, under the council rules.',
  [Classification.IESI]: 'Council classification: IESI (important economic security information). For persons holding IESI clearance only.',
};

/** The council's classification marking (a `statement` marking-definition) for a Classification. */
export function classificationMarkingDefinition(classification: Classification): StixMarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: CLASSIFICATION_MARKING_IDS[classification],
    created: COUNCIL_OBJECTS_CREATED,
    created_by_ref: COUNCIL_IDENTITY_ID,
    name: `COUNCIL:${classification}`,
    definition_type: 'statement',
    definition: { statement: CLASSIFICATION_STATEMENTS[classification] },
    // The definitions themselves are public and unclassified; a marking definition may not mark
    // itself (STIX 2.1 §7.2.1), so UNCLASSIFIED's carries TLP:CLEAR alone.
    object_marking_refs:
      classification === Classification.UNCLASSIFIED
        ? [TLP2_MARKING_IDS[Tlp.CLEAR]]
        : [TLP2_MARKING_IDS[Tlp.CLEAR], CLASSIFICATION_MARKING_IDS[Classification.UNCLASSIFIED]],
  };
}

const CLASSIFICATION_BY_MARKING_ID: ReadonlyMap<string, Classification> = new Map(
  (Object.entries(CLASSIFICATION_MARKING_IDS) as [Classification, string][]).map(([c, id]) => [id, c]),
);

/** Our Classification for one of the council's classification marking ids; undefined otherwise. */
export function classificationForMarkingId(markingId: string): Classification | undefined {
  return CLASSIFICATION_BY_MARKING_ID.get(markingId);
}

/** Every marking definition the council emits (TLP 2.0 and classifications), for bundles. */
export function allCouncilMarkingDefinitions(): StixMarkingDefinition[] {
  return [
    ...(Object.keys(TLP2_MARKING_IDS) as Tlp[]).map(tlp2MarkingDefinition),
    ...(Object.keys(CLASSIFICATION_MARKING_IDS) as Classification[]).map(classificationMarkingDefinition),
  ];
}
