/**
 * Received reports are encrypted at rest with a key of their own (AES-256-GCM), and that key is wrapped by the
 * deployment's current encryption key (ENCRYPTION_KEYS), whose ID is stored beside it. Rotating the deployment's key
 * rewraps each report's key; the report itself is never re-encrypted. Each part is bound to its report's ID, so a
 * key or a content moved to another report's row does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../config';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedFile {
  keyId: string;
  wrappedKey: Buffer;
  sealedName: Buffer;
  sealedContent: Buffer;
}

function encrypt(key: Buffer, plain: Buffer, bound: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(bound));
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function decrypt(key: Buffer, sealed: Buffer, bound: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('the sealed part is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES)).setAAD(Buffer.from(bound));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}

function deploymentKey(keys: readonly EncryptionKey[], keyId: string): Buffer {
  const key = keys.find((candidate) => candidate.id === keyId)?.key;
  if (!key) throw new Error(`the report's key is wrapped with key "${keyId}", which is not configured`);
  return key;
}

export function sealFile(
  keys: readonly EncryptionKey[],
  currentKeyId: string,
  reportId: string,
  file: { name: string; content: Buffer },
): SealedFile {
  const fileKey = randomBytes(32);
  return {
    keyId: currentKeyId,
    wrappedKey: encrypt(deploymentKey(keys, currentKeyId), fileKey, `${reportId}:key`),
    sealedName: encrypt(fileKey, Buffer.from(file.name), `${reportId}:name`),
    sealedContent: encrypt(fileKey, file.content, `${reportId}:content`),
  };
}

export function openFile(
  keys: readonly EncryptionKey[],
  reportId: string,
  sealed: SealedFile,
): { name: string; content: Buffer } {
  const fileKey = decrypt(deploymentKey(keys, sealed.keyId), sealed.wrappedKey, `${reportId}:key`);
  return {
    name: decrypt(fileKey, sealed.sealedName, `${reportId}:name`).toString(),
    content: decrypt(fileKey, sealed.sealedContent, `${reportId}:content`),
  };
}

/** The report's key wrapped anew by the current deployment key. */
export function rewrapFileKey(
  keys: readonly EncryptionKey[],
  currentKeyId: string,
  reportId: string,
  wrapped: Pick<SealedFile, 'keyId' | 'wrappedKey'>,
): Pick<SealedFile, 'keyId' | 'wrappedKey'> {
  const fileKey = decrypt(deploymentKey(keys, wrapped.keyId), wrapped.wrappedKey, `${reportId}:key`);
  return { keyId: currentKeyId, wrappedKey: encrypt(deploymentKey(keys, currentKeyId), fileKey, `${reportId}:key`) };
}
