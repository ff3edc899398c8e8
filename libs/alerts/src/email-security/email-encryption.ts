import { canEncrypt } from './openpgp-key';

export type EmailEncryptionDecision = { encryptTo: string | null; refusal: null } | { encryptTo: null; refusal: string };

/** The reasons a delivery is refused, as the person reads them on the FAILED delivery (lastError). */
export const NO_KEY_REFUSAL =
  'Not sent: you require encrypted e-mail but have no OpenPGP public key registered (setMyOpenPgpKey); no plaintext e-mail is ever sent to you';
export const UNUSABLE_KEY_REFUSAL =
  'Not sent: you require encrypted e-mail but your OpenPGP public key has expired or can no longer encrypt (register a new one with setMyOpenPgpKey); no plaintext e-mail is ever sent to you';

/**
 * How one e-mail to a person goes out: encrypted to their key when it can encrypt now; refused
 * when they require encryption and have no usable key; otherwise plaintext (which carries only
 * what ALERTS.md lets an alert carry outside the platform). A key that expired after it was
 * registered is not used; without the requirement the e-mail then goes out as plaintext, as it
 * would for someone who never registered one.
 */
export async function decideEmailEncryption(
  armoredKey: string | null,
  requireEncryption: boolean,
  now = new Date(),
): Promise<EmailEncryptionDecision> {
  if (armoredKey && (await canEncrypt(armoredKey, now))) return { encryptTo: armoredKey, refusal: null };
  if (!requireEncryption) return { encryptTo: null, refusal: null };
  return { encryptTo: null, refusal: armoredKey ? UNUSABLE_KEY_REFUSAL : NO_KEY_REFUSAL };
}
