import type { components } from '../../api/schema';

/** The API's shapes the staff pages use (generated from the OpenAPI document). */
type Schemas = components['schemas'];
export type ApplicationView = Schemas['ApplicationView'];
export type TaskView = Schemas['TaskView'];
export type DocumentView = Schemas['DocumentView'];
export type InspectionCaseView = Schemas['InspectionCaseView'];
export type InspectorView = Schemas['InspectorView'];
export type MessageView = Schemas['MessageView'];
export type ThreadEntryView = Schemas['ThreadEntryView'];
