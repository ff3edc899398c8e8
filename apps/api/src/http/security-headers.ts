import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The API's security headers (helmet). The Content-Security-Policy lets a same-origin web
 * console (a built React app: scripts, styles, fonts and images from the API's own origin; API
 * calls and graphql-ws to the same origin) run and nothing else; no page may frame the API.
 */
const BASE_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  fontSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The BullMQ dashboard's page carries inline style attributes and a <style> block, so its CSP
 * allows inline styles (never inline scripts). It also links Google Fonts: they are NOT allowed —
 * the secretariat's browser does not tell a third party when it opens the dashboard; the page
 * falls back to the system fonts.
 */
const DASHBOARD_DIRECTIVES = { ...BASE_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] };

function headers(directives: Record<string, string[]>, https: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: https ? { ...directives, upgradeInsecureRequests: [] } : directives,
    },
    // HSTS only means something over https; on plain http (development) browsers ignore it anyway.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  }) as RequestHandler;
}

/**
 * Every answer gets the same headers but the dashboard's. (No exception for Apollo's landing page:
 * with `playground: false` the Nest driver disables it in every environment, not only production.)
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  const standard = headers(BASE_DIRECTIVES, options.https);
  const dashboard = headers(DASHBOARD_DIRECTIVES, options.https);
  return (req, res, next) => {
    const path = req.path;
    if (path === '/admin/queues' || path.startsWith('/admin/queues/')) return dashboard(req, res, next);
    return standard(req, res, next);
  };
}
