export { callPartner, PartnerUnavailable } from './http';
export { httpDnaLabs } from './labs';
export { httpRecordRegistries } from './registries';
export { httpTransitProvider } from './transit';
export { httpTravelDocumentAuthority } from './travel-documents';
