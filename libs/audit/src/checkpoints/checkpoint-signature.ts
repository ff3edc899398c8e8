import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** DER headers that wrap a raw Ed25519 seed (PKCS#8) and public key (SPKI), RFC 8410. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** What a checkpoint signs: the chain's head and when it was seen. */
export interface CheckpointClaim {
  /** The audit_log id of the head row (a decimal string: ids are bigint). */
  sequence: string;
  /** That row's hash. */
  hash: string;
  /** ISO 8601, UTC. */
  at: string;
}

export interface CheckpointSigner {
  keyId: string;
  /** The raw public key, base64: what the overseer pins to check the checkpoints. */
  publicKey: string;
  sign(claim: CheckpointClaim): string;
}

function signedBytes(claim: CheckpointClaim): Buffer {
  return Buffer.from(`council-audit-checkpoint/v1\n${claim.sequence}\n${claim.hash}\n${claim.at}`, 'utf8');
}

/** A short name of a public key, so that a checkpoint says which key signed it. */
export function keyIdOf(rawPublicKey: Buffer): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

export function checkpointSigner(seed: Buffer): CheckpointSigner {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const rawPublicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
  return {
    keyId: keyIdOf(rawPublicKey),
    publicKey: rawPublicKey.toString('base64'),
    sign: (claim) => sign(null, signedBytes(claim), privateKey).toString('base64'),
  };
}

export interface CheckpointVerifier {
  keyId: string;
  verify(claim: CheckpointClaim, signature: string): boolean;
}

/** From the raw public key in base64 (COUNCIL_AUDIT_CHECKPOINT_PUBLIC_KEY, or `npm run audit:checkpoint -- --public-key`). */
export function checkpointVerifier(publicKeyBase64: string): CheckpointVerifier {
  const raw = Buffer.from(publicKeyBase64.trim(), 'base64');
  if (raw.length !== 32) throw new Error('the checkpoint public key must be the base64 of a raw 32-byte Ed25519 public key');
  const key: KeyObject = createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
  return {
    keyId: keyIdOf(raw),
    verify: (claim, signature) => {
      try {
        return verify(null, signedBytes(claim), key, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}
