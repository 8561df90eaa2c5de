/**
 * A listed case's search attributes, decoded with the SDK's public payload converter: a visibility listing carries
 * them as raw payloads, and the SDK's own decoder is not part of its public interface.
 */
import {
  defaultPayloadConverter,
  SearchAttributeType,
  TypedSearchAttributes,
  type Payload,
  type SearchAttributePair,
} from '@temporalio/common';
import { allSearchAttributes } from '../workflows/search-attributes';

type Key = (typeof allSearchAttributes)[number];

function valueFor(key: Key, payload: Payload): unknown {
  const raw = defaultPayloadConverter.fromPayload<unknown>(payload);
  // Older servers send a single value as a one-element list.
  const value = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
  switch (key.type) {
    case SearchAttributeType.KEYWORD:
      return typeof value === 'string' ? value : undefined;
    case SearchAttributeType.BOOL:
      return typeof value === 'boolean' ? value : undefined;
    case SearchAttributeType.INT:
      return Number.isInteger(value) ? value : undefined;
    case SearchAttributeType.DATETIME: {
      const at = typeof value === 'string' ? new Date(value) : undefined;
      return at && !Number.isNaN(at.getTime()) ? at : undefined;
    }
  }
}

export function caseSearchAttributes(indexedFields: Record<string, Payload> | null | undefined): TypedSearchAttributes {
  const pairs = allSearchAttributes.flatMap((key) => {
    const payload = indexedFields?.[key.name];
    const value = payload ? valueFor(key, payload) : undefined;
    return value === undefined ? [] : [{ key, value } as SearchAttributePair];
  });
  return new TypedSearchAttributes(pairs);
}
