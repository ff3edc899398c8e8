export * from './vocabulary';
export * from './clock/clock';
export * from './config/council-config';
export * from './errors/council-error';
export * from './redis/redis.provider';
export * from './platform.module';
export * from './database/run-migrations';
export * from './http/public.decorator';
