import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "@playwright/test";

import { runState } from "./run";

/** One message that the capture SMTP server received, decoded. */
export interface Mail {
  to: string[];
  subject: string;
  text: string;
  attachments: { contentType: string; filename: string; content: Buffer }[];
}

/** Reads every message of this run, oldest first, from the .decoded files that smtp-capture.mjs writes. */
export function receivedMail(): Mail[] {
  const folder = runState().mailDir;
  return readdirSync(folder)
    .filter((name) => name.endsWith(".decoded") && !name.startsWith("."))
    .sort()
    .map((name) => {
      const fields = new URLSearchParams(readFileSync(path.join(folder, name), "utf8"));
      const types = fields.getAll("attachment_content_type");
      const names = fields.getAll("attachment_filename");
      const contents = fields.getAll("attachment_hex");
      return {
        to: fields.getAll("to"),
        subject: fields.get("subject") ?? "",
        text: fields.get("text") ?? "",
        attachments: types.map((contentType, i) => ({
          contentType,
          filename: names[i] ?? "",
          content: Buffer.from(contents[i] ?? "", "hex"),
        })),
      };
    });
}

/** Returns the messages sent to `address` whose subject contains `subject`. */
export function mailTo(address: string, subject: string): Mail[] {
  return receivedMail().filter((mail) => mail.to.includes(address) && mail.subject.includes(subject));
}

/**
 * Waits until a message to `address` with `subject` in its subject arrives, and returns the
 * latest. The portal sends mail from its job queue, so it arrives a moment after the step.
 */
export async function waitForMail(address: string, subject: string): Promise<Mail> {
  await expect
    .poll(() => mailTo(address, subject).length, { message: `a message to ${address} about «${subject}»`, timeout: 30_000 })
    .toBeGreaterThan(0);
  const found = mailTo(address, subject);
  return found[found.length - 1];
}

/** Returns the sign-in link of a message, such as http://127.0.0.1:3100/cabinet/link/... */
export function signInLink(mail: Mail): string {
  const link = /https?:\/\/\S+\/cabinet\/link\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (!link) {
    throw new Error(`no sign-in link in the message «${mail.subject}»:\n${mail.text}`);
  }
  return link;
}

/** Returns the 6-digit sign-in code of a code message. */
export function signInCode(mail: Mail): string {
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  if (!code) {
    throw new Error(`no sign-in code in the message «${mail.subject}»`);
  }
  return code;
}
