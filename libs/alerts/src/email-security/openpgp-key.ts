import * as openpgp from 'openpgp';

/** An armored public key is a few KB (a 4096-bit RSA key with subkeys ~ 10 KB); anything larger is refused. */
export const MAX_ARMORED_KEY_CHARS = 64 * 1024;

export interface CheckedPublicKey {
  armored: string;
  fingerprint: string;
  /** null: never expires. */
  expiresAt: Date | null;
}

/** Why a key cannot be used, in words for the person who sent it (they are shown as they are). */
export class OpenPgpKeyProblem extends Error {}

/**
 * Parses and checks a person's armored OpenPGP public key: exactly one public key (a private key
 * is refused before it is even parsed, so it is never stored, logged or echoed), not revoked, not
 * expired, with a key that can encrypt now. Returns the key re-armored by openpgp (no comments or
 * other blocks that came with it).
 */
export async function checkPublicKey(armoredKey: string, now = new Date()): Promise<CheckedPublicKey> {
  const text = armoredKey.trim();
  if (text.length === 0) throw new OpenPgpKeyProblem('The OpenPGP key is empty: paste an armored public key block');
  if (text.length > MAX_ARMORED_KEY_CHARS) {
    throw new OpenPgpKeyProblem(`The OpenPGP key is too long: at most ${MAX_ARMORED_KEY_CHARS} characters of armored text`);
  }
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(text)) {
    throw new OpenPgpKeyProblem('This is a private key: send only your public key (never share the private key); it was not stored');
  }
  if (!/-----BEGIN PGP PUBLIC KEY BLOCK-----/.test(text)) {
    throw new OpenPgpKeyProblem('Not an armored OpenPGP public key: it must start with "-----BEGIN PGP PUBLIC KEY BLOCK-----"');
  }
  const blocks = text.match(/-----BEGIN PGP PUBLIC KEY BLOCK-----/g)?.length ?? 0;
  if (blocks > 1) throw new OpenPgpKeyProblem(`Send exactly one OpenPGP public key (this text holds ${blocks} key blocks)`);
  let keys: openpgp.Key[];
  try {
    keys = await openpgp.readKeys({ armoredKeys: text });
  } catch {
    throw new OpenPgpKeyProblem('The OpenPGP public key could not be read: the armored block is damaged or not a key');
  }
  if (keys.length !== 1) throw new OpenPgpKeyProblem(`Send exactly one OpenPGP public key (this block holds ${keys.length})`);
  const [key] = keys;
  if (key.isPrivate()) throw new OpenPgpKeyProblem('This is a private key: send only your public key; it was not stored');
  try {
    await key.verifyPrimaryKey(now);
  } catch {
    throw new OpenPgpKeyProblem('The OpenPGP key is expired, revoked or has no valid self-signature');
  }
  try {
    await key.getEncryptionKey(undefined, now);
  } catch {
    throw new OpenPgpKeyProblem('The OpenPGP key has no valid key that can encrypt (it may sign only, or its encryption subkey expired)');
  }
  const expiration = await encryptionExpiry(key);
  return { armored: key.armor(), fingerprint: key.getFingerprint().toUpperCase(), expiresAt: expiration };
}

/** When the key stops being usable for encryption; null when never. */
async function encryptionExpiry(key: openpgp.Key): Promise<Date | null> {
  const expiry = await key.getExpirationTime();
  return expiry instanceof Date ? expiry : null;
}

/**
 * Encrypts `text` to a stored public key. Throws OpenPgpKeyProblem when the key cannot encrypt at
 * `now` (it expired or was revoked since it was registered).
 */
export async function encryptTo(armoredKey: string, text: string, now = new Date()): Promise<string> {
  const key = await openpgp.readKey({ armoredKey });
  try {
    await key.verifyPrimaryKey(now);
    await key.getEncryptionKey(undefined, now);
  } catch {
    throw new OpenPgpKeyProblem('your registered OpenPGP key has expired or can no longer encrypt');
  }
  const message = await openpgp.createMessage({ text });
  // openpgp types its result through the DOM's stream types, which this (Node) build lacks: any.
  // A text message comes back as armored text.
  return openpgp.encrypt({ message, encryptionKeys: key, date: now, format: 'armored' }) as Promise<string>;
}

/** True when the stored key can encrypt at `now` (not expired, not revoked, an encryption key valid). */
export async function canEncrypt(armoredKey: string, now = new Date()): Promise<boolean> {
  try {
    const key = await openpgp.readKey({ armoredKey });
    await key.verifyPrimaryKey(now);
    await key.getEncryptionKey(undefined, now);
    return true;
  } catch {
    return false;
  }
}
