export * from './council-logger';
export * from './council-logging.module';
export * from './council-nest-logger';
export * from './request-logging';
export * from './request-operation';
export * from './redact-url';
export * from './typeorm-logger';
