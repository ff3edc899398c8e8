export * from './taxii-collection.service';
export * from './taxii-error';
export * from './taxii-media-types';
export * from './taxii-next-token';
export * from './taxii-object-query';
export * from './taxii-resources';
export * from './taxii.module';
export * from './taxii-settings';
