import { AlertChannelKind } from '@app/platform/vocabulary';
import { decideEmailEncryption } from '../email-security/email-encryption';

/** The channel columns a send needs (as the delivery and digest queries select them). */
export interface ChannelRow {
  kind: AlertChannelKind;
  target: string | null;
  signing_secret_sealed: string | null;
  openpgp_public_key: string | null;
  require_encryption: boolean;
}

export type SendOutcome = 'DELIVERED' | 'FAILED';

/**
 * One send through a person's channel, and its recorded outcome — the same for a single alert and
 * for a digest: a webhook is signed with the channel's secret; an e-mail is encrypted when the
 * person has a usable key and refused (never sent in plaintext) when they require encryption
 * without one. A failure throws, to be retried, after recording PENDING (or FAILED on the final
 * attempt) with its message.
 */
export async function sendThroughChannel(options: {
  channel: ChannelRow;
  finalAttempt: boolean;
  /** Names what was sent, for the refusal of a channel kind that delivers nothing ("alert", "digest"). */
  what: string;
  openSecret: (sealed: string) => string;
  webhook: (target: string, secret: string) => Promise<unknown>;
  email: (target: string, encryptTo: string | null) => Promise<unknown>;
  record: (status: 'DELIVERED' | 'FAILED' | 'PENDING', error: string | null) => Promise<void>;
}): Promise<SendOutcome> {
  const { channel, record } = options;
  try {
    if (channel.kind === AlertChannelKind.WEBHOOK) {
      await options.webhook(channel.target as string, options.openSecret(channel.signing_secret_sealed as string));
    } else if (channel.kind === AlertChannelKind.EMAIL) {
      const encryption = await decideEmailEncryption(channel.openpgp_public_key, channel.require_encryption);
      if (encryption.refusal !== null) {
        await record('FAILED', encryption.refusal);
        return 'FAILED';
      }
      await options.email(channel.target as string, encryption.encryptTo);
    } else {
      await record('FAILED', `no ${options.what} for ${channel.kind} channels`);
      return 'FAILED';
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await record(options.finalAttempt ? 'FAILED' : 'PENDING', message.slice(0, 1000));
    throw error;
  }
  await record('DELIVERED', null);
  return 'DELIVERED';
}
