import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { allSearchAttributes } from '../workflows/search-attributes';

const indexedType: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.BOOL]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.INT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/** Registers Homeward's search attributes on an existing cluster; those already there are left alone. */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  // The time-skipping test server can add search attributes but not list them (gRPC code 12, unimplemented).
  const existing = await connection.operatorService
    .listSearchAttributes({ namespace })
    .catch((error: { code?: number }) => {
      if (error.code === 12) return { customAttributes: {}, systemAttributes: {} };
      throw error;
    });
  const known = new Set([
    ...Object.keys(existing.customAttributes ?? {}),
    ...Object.keys(existing.systemAttributes ?? {}),
  ]);
  const missing = allSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedType[key.type]!])),
  });
  return missing.map((key) => key.name);
}
