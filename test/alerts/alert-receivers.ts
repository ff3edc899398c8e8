import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * A real HTTP receiver. `/flaky/...` answers 500 the first time it sees a delivery id and 200
 * after; `/down/...` always answers 500; a path in `failing` answers 503 until the test removes
 * it; anything else answers 204.
 */
export async function startWebhookReceiver(): Promise<{
  url: string;
  received: ReceivedWebhook[];
  failing: Set<string>;
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const failing = new Set<string>();
  const seen = new Set<string>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const delivery = String(request.headers['x-council-delivery'] ?? '');
      let status = 204;
      if (path.startsWith('/down/')) status = 500;
      if (failing.has(path.split('?')[0])) status = 503;
      if (path.startsWith('/flaky/') && !seen.has(delivery)) {
        seen.add(delivery);
        status = 500;
      }
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failing,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** The message with quoted-printable and encoded-word encodings undone. */
  decoded: string;
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(text: string): string {
  return text.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, data: string) =>
    encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

/**
 * A real SMTP receiver (the npm package smtp-server), no TLS, no authentication. An address in
 * `failing` is refused with a temporary error (451) until the test removes it.
 */
export async function startSmtpReceiver(): Promise<{ url: string; mails: ReceivedMail[]; failing: Set<string>; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const failing = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, session, callback) {
      if (!failing.has(address.address)) return callback();
      const refusal = new Error('mailbox busy, try again later') as Error & { responseCode: number };
      refusal.responseCode = 451;
      return callback(refusal);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          decoded: decodeWords(decodeQuotedPrintable(raw)).replace(/\r?\n[ \t]+/g, ' '),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, failing, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
