import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadCouncilConfig } from '@app/platform/config/council-config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadCouncilConfig();
  const app = await createApiApp();
  await app.listen(config.port);
  new Logger('api').log(`GraphQL at ${config.publicUrl}/graphql`);
}

main().catch((error: unknown) => {
  console.error('api failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
