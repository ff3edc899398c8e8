import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { loadConsoleDirectory } from '@app/platform/config/service-settings';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** The console lives under its own prefix, so that no API route (/graphql, /health, /admin/queues, feeds) is shadowed. */
export const CONSOLE_PATH = '/console';

/**
 * Where the built console is: COUNCIL_CONSOLE_DIR, else dist/console of the working directory (the
 * repository root for `npm run dev` / `npm start`, /app in the image).
 */
export function consoleDirectory(): string {
  return path.resolve(loadConsoleDirectory() ?? path.join(process.cwd(), 'dist', 'console'));
}

/**
 * Serves the web console's static files (built by Vite) and answers every other GET under
 * /console/ with its index.html (client-side routes). The console is only HTML, scripts and styles:
 * every piece of data it shows comes from /graphql under the same access rules as any client.
 * Without a build, /console/ says how to make one and the API runs as before. Its security headers
 * (a same-origin CSP: no inline script, no third party) are the API's own (http/security-headers.ts).
 */
export function serveConsole(app: NestExpressApplication, directory = consoleDirectory()): void {
  const indexFile = path.join(directory, 'index.html');
  const built = fs.existsSync(indexFile);
  if (!built) {
    new Logger('Console').warn(`no console build in ${directory} (npm run build:console); /console/ answers 404`);
  }
  const server = app.getHttpAdapter().getInstance() as { get: (path: string, handler: (req: Request, res: Response) => void) => void };
  server.get('/', (_req: Request, res: Response) => res.redirect(302, `${CONSOLE_PATH}/`));
  if (built) {
    app.useStaticAssets(path.join(directory, 'assets'), {
      prefix: `${CONSOLE_PATH}/assets/`,
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    });
  }
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!built) {
      res.status(404).type('text/plain').send('The console is not built: run `npm run build:console` (or `npm run build`).\n');
      return;
    }
    // Hashed assets are above; index.html must never be cached, or a deploy would keep old asset names.
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(indexFile);
  });
}
