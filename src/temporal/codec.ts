/**
 * AES-256-GCM payload codec: every workflow input, signal, update, query result and activity argument or result
 * is ciphertext in Temporal's history. The key ID travels in the payload's metadata, so several keys can be
 * configured and rotated: new payloads use the current key, old ones decrypt with the key they name.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ApplicationFailure, METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { EncryptionKey } from '../config';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class UnknownKeyError extends Error {
  override name = 'UnknownKeyError';
}

export class AesGcmCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;

  constructor(
    keys: EncryptionKey[],
    private readonly currentKeyId: string,
  ) {
    this.keys = new Map(keys.map((key) => [key.id, key.key]));
    if (!this.keys.has(currentKeyId))
      throw new UnknownKeyError(`the current encryption key "${currentKeyId}" is not configured`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.currentKeyId) as Buffer;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: Buffer.from(this.currentKeyId),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
      const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
      const keyId = keyIdBytes ? Buffer.from(keyIdBytes).toString() : '(none)';
      const key = this.keys.get(keyId);
      if (!key) {
        throw ApplicationFailure.nonRetryable(
          `payload was encrypted with key "${keyId}", which is not configured: add it to ENCRYPTION_KEYS to decrypt`,
          'UnknownEncryptionKey',
        );
      }
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      if (sealed.length < IV_BYTES + TAG_BYTES) {
        throw ApplicationFailure.nonRetryable('encrypted payload is truncated', 'CorruptPayload');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

export function generateKey(id: string): EncryptionKey {
  return { id, key: randomBytes(32) };
}
