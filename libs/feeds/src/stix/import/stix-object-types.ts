/**
 * Which STIX 2.1 object types an import accepts. Everything else, including every custom type
 * (`x-misp-object`, `x-opencti-…`) and every type of another STIX version, is refused by name: we
 * cannot tell what it carries, and an advisory must not silently drop what a member meant to share.
 */

/** Types whose content becomes part of the draft (and a grouping, in a bundle without a report). */
export const MAPPED_TYPES = new Set(['report', 'indicator', 'marking-definition']);

/**
 * Standard STIX 2.1 objects that carry context an advisory has no field for (who wrote it, which
 * malware, which relationships). They are accepted, checked for safety like everything else, and
 * counted back to the member as ignored.
 */
export const CONTEXT_TYPES = new Set([
  // STIX Domain Objects (STIX 2.1 §4) other than report and indicator
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'threat-actor',
  'tool',
  'vulnerability',
  // STIX Relationship Objects (§5)
  'relationship',
  'sighting',
  // Meta objects (§7) other than marking-definition
  'language-content',
  'extension-definition',
]);

/**
 * STIX Cyber-observable Objects (§6). Observed facts, not indicators: MISP exports attributes that
 * are not meant for detection (to_ids off) as observed-data with these, and they stay out of the
 * advisory's indicators. Their spec_version is optional.
 */
export const OBSERVABLE_TYPES = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

export function isAcceptedType(type: string): boolean {
  return MAPPED_TYPES.has(type) || CONTEXT_TYPES.has(type) || OBSERVABLE_TYPES.has(type);
}
