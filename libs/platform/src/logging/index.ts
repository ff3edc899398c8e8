export * from './council-logger';
export * from './pino-nest-logger';
export * from './request-log-context';
export * from './request-logging';
export * from './request-operation';
export * from './redact-url';
export * from './typeorm-logger';
