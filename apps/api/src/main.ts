import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadApiEnvironment } from '@app/platform/config/council-environment';
import { createCouncilLogger } from '@app/platform/logging/council-logger';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadApiEnvironment().council;
  const app = await createApiApp();
  await app.listen(config.port);
  new Logger('api').log(`GraphQL at ${config.publicUrl}/graphql`);
}

main().catch((error: unknown) => {
  // A JSON line like every other; only the message (a ConfigError names the setting, never its value).
  createCouncilLogger({ service: 'api', level: 'info' }).fatal(
    { error: error instanceof Error ? error.message : String(error) },
    'api failed to start',
  );
  process.exit(1);
});
