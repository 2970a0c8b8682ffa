import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on a random loopback port that keeps what it receives, for tests that
 * follow a mail the API sends (password reset, purchase orders).
 */
/** One message as the SMTP server received it, its MIME parts split out. */
export type Part = { headers: string; body: Buffer };
export type Received = {
  envelopeTo: string[];
  headers: string;
  parts: Part[];
  /** the first part, as text */ text: string;
};

function decode(headers: string, body: string): Buffer {
  const encoding = /^content-transfer-encoding:\s*([\w-]+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1');
  }
  return Buffer.from(body, 'utf8');
}

function split(raw: string): { headers: string; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  return at === -1
    ? { headers: raw, body: '' }
    : { headers: raw.slice(0, at), body: raw.slice(at).replace(/^\r?\n\r?\n/, '') };
}

/** A multipart/mixed message's parts (the text, then the attachments), decoded. */
function parseMessage(raw: string, envelopeTo: string[]): Received {
  const { headers, body } = split(raw);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  // A single-part message is its own only part, under the message's headers.
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((chunk) => {
          const part = split(chunk.replace(/^\r?\n/, ''));
          return { headers: part.headers, body: decode(part.headers, part.body) };
        })
    : [{ headers, body: decode(headers, body) }];
  return { envelopeTo, headers, parts, text: parts[0]?.body.toString('utf8') ?? '' };
}

/** The Subject header, its RFC 2047 encoded words decoded. */
export function subjectOf(mail: Received): string {
  const line = /^subject:\s*(.*)$/im.exec(mail.headers.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? '';
  return line
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

export type Mailbox = {
  url: string;
  received: Received[];
  messagesTo(email: string): Received[];
  /** Waits (bounded) until `count` messages addressed to `email` have arrived. */
  waitForMail(email: string, count?: number, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
};

export async function startMailbox(): Promise<Mailbox> {
  const received: Received[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
        received.push(parseMessage(Buffer.concat(chunks).toString('utf8'), to));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = smtp.server.address() as AddressInfo;
  const messagesTo = (email: string) => received.filter((m) => m.envelopeTo.includes(email.toLowerCase()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    messagesTo,
    async waitForMail(email, count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const mails = messagesTo(email);
        if (mails.length >= count) return mails[count - 1]!;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no mail #${count} for ${email} within ${timeoutMs} ms (got ${messagesTo(email).length})`);
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
