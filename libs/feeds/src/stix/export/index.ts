export * from './advisory-to-stix';
export * from './indicator-patterns';
export * from './stix-bundle';
export * from './stix-object-ids';
export * from './stix-objects';
