/** Homeward's typed search attributes: what operators filter on in the Temporal UI. Never personal data. */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseNumber = defineSearchAttributeKey('CaseNumber', SearchAttributeType.KEYWORD);
export const CaseStage = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const Escalated = defineSearchAttributeKey('Escalated', SearchAttributeType.BOOL);
export const EscalationLevel = defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT);
export const NextDeadline = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
/** Country codes only (e.g. `RU`, `UA`): enough to filter by route, too coarse to single out a child. */
export const OriginCountry = defineSearchAttributeKey('OriginCountry', SearchAttributeType.KEYWORD);
export const DestinationCountry = defineSearchAttributeKey('DestinationCountry', SearchAttributeType.KEYWORD);

export const allSearchAttributes = [
  CaseNumber,
  CaseStage,
  Escalated,
  EscalationLevel,
  NextDeadline,
  OriginCountry,
  DestinationCountry,
];
