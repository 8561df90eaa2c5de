/**
 * A value sealed with the payload codec (the keys Temporal payloads are encrypted with), as text for the registry:
 * the case views there hold a child's personal data, and the registry keeps none in plain form.
 */
import { defaultPayloadConverter, type DataConverter, type Payload } from '@temporalio/common';

interface SealedPayload {
  metadata: Record<string, string>;
  data: string;
}

const toBase64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export async function seal(dataConverter: DataConverter, value: unknown): Promise<string> {
  let payloads: Payload[] = [defaultPayloadConverter.toPayload(value)];
  for (const codec of dataConverter.payloadCodecs ?? []) payloads = await codec.encode(payloads);
  const [payload] = payloads;
  const sealed: SealedPayload = {
    metadata: Object.fromEntries(Object.entries(payload!.metadata ?? {}).map(([key, bytes]) => [key, toBase64(bytes)])),
    data: toBase64(payload!.data),
  };
  return JSON.stringify(sealed);
}

export async function unseal<T>(dataConverter: DataConverter, text: string): Promise<T> {
  const sealed = JSON.parse(text) as SealedPayload;
  let payloads: Payload[] = [
    {
      metadata: Object.fromEntries(Object.entries(sealed.metadata).map(([key, value]) => [key, fromBase64(value)])),
      data: fromBase64(sealed.data),
    },
  ];
  for (const codec of [...(dataConverter.payloadCodecs ?? [])].reverse()) payloads = await codec.decode(payloads);
  return defaultPayloadConverter.fromPayload<T>(payloads[0]!);
}
