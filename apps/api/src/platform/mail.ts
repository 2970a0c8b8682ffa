import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';

export type MailAttachment = { filename: string; content: Buffer; contentType?: string };
export type Mail = { to: string; subject: string; text: string; attachments?: MailAttachment[] };
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * Sends through SMTP when SMTP_URL is set; otherwise writes the message to the log, so a
 * developer without a mail server can still follow a password-reset link.
 */
export function createMailer(smtpUrl: string | undefined, from: string, log: FastifyBaseLogger): Mailer {
  if (!smtpUrl) {
    return {
      async send(mail) {
        // Attachments are logged by name and size, not as bytes.
        const attachments = mail.attachments?.map((a) => ({ filename: a.filename, bytes: a.content.length }));
        log.info(
          { mail: { ...mail, attachments } },
          `mail (no SMTP_URL configured) to ${mail.to}: ${mail.subject}\n${mail.text}`,
        );
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close() {
      transport.close();
    },
  };
}
