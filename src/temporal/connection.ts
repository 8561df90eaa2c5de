import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config';
import { AesGcmCodec } from './codec';

/** The data converter every client and worker uses: payloads are encrypted whenever a key is configured. */
export function dataConverterFor(config: Config): DataConverter {
  const { keys, currentKeyId } = config.encryption;
  if (!keys.length || !currentKeyId) return {};
  return { payloadCodecs: [new AesGcmCodec(keys, currentKeyId)] };
}

export async function connectClient(config: Config, address: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterFor(config) });
}
