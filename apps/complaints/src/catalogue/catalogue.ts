import {
  ComplaintsErrors,
  type AttributeDatatype,
  type ComplaintPriority,
  type ServiceDefinitionView,
  type ServicePutRequest,
  type ServiceView,
} from '#contracts';
import { dateTimeMoment } from '#contracts';

/** A service of the catalogue as the service reads it. */
export interface CatalogueService {
  code: string;
  groupCode: string;
  groupNames: Record<string, string>;
  departmentCode: string;
  departmentNames: Record<string, string>;
  priority: ComplaintPriority;
  type: 'realtime' | 'batch' | 'blackbox';
  names: Record<string, string>;
  descriptions: Record<string, string>;
  keywords: string[];
  triageDays: number;
  resolutionDays: number;
  reopenWindowDays: number;
  duplicateRadiusMetres: number;
  duplicateWindowDays: number;
  active: boolean;
  attributes: CatalogueAttribute[];
}

export interface CatalogueAttribute {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  order: number;
  descriptions: Record<string, string>;
  values: { key: string; name: string }[];
}

export const DEFAULT_LANGUAGE = 'en';

/** The text in `lang`, else in the default language, else any. */
export const inLanguage = (texts: Record<string, string>, lang = DEFAULT_LANGUAGE): string =>
  texts[lang] ?? texts[DEFAULT_LANGUAGE] ?? Object.values(texts)[0] ?? '';

const DATATYPE_DESCRIPTIONS: Record<AttributeDatatype, string> = {
  string: 'A short text',
  number: 'A number',
  datetime: 'A date and time (ISO 8601)',
  text: 'A longer text',
  singlevaluelist: 'One key of the list',
  multivaluelist: 'One or more keys of the list',
};

export const serviceView = (s: CatalogueService, lang?: string): ServiceView => ({
  serviceCode: s.code,
  serviceName: inLanguage(s.names, lang),
  description: inLanguage(s.descriptions, lang),
  metadata: s.attributes.length > 0,
  type: s.type,
  keywords: s.keywords,
  group: inLanguage(s.groupNames, lang),
  departmentCode: s.departmentCode,
});

export const definitionView = (s: CatalogueService, lang?: string): ServiceDefinitionView => ({
  serviceCode: s.code,
  attributes: [...s.attributes]
    .sort((a, b) => a.order - b.order)
    .map((a) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatypeDescription: DATATYPE_DESCRIPTIONS[a.datatype],
      order: a.order,
      description: inLanguage(a.descriptions, lang),
      values: a.values,
    })),
});

/**
 * Checks the attribute values of a report against its service's definition: every required
 * attribute present, each value of its datatype, list values from the list, no unknown code.
 * Answers the values kept (a single-value list as text, a multi-value list as a list).
 */
export function checkAttributes(
  service: CatalogueService,
  given: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  const known = new Map(service.attributes.map((a) => [a.code, a]));
  for (const code of Object.keys(given))
    if (!known.has(code))
      throw ComplaintsErrors.attributeInvalid(code, 'is not an attribute of this service');
  const kept: Record<string, string | string[]> = {};
  for (const attribute of service.attributes) {
    const raw = given[attribute.code];
    const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).filter(
      (v) => v.trim() !== '',
    );
    if (values.length === 0) {
      if (attribute.required) throw ComplaintsErrors.attributeRequired(attribute.code);
      continue;
    }
    const keys = new Set(attribute.values.map((v) => v.key));
    switch (attribute.datatype) {
      case 'multivaluelist':
        for (const v of values)
          if (!keys.has(v))
            throw ComplaintsErrors.attributeInvalid(
              attribute.code,
              `has a value outside its list: ${v}`,
            );
        kept[attribute.code] = [...new Set(values)];
        break;
      case 'singlevaluelist':
        if (values.length > 1)
          throw ComplaintsErrors.attributeInvalid(attribute.code, 'takes one value');
        if (!keys.has(values[0]!))
          throw ComplaintsErrors.attributeInvalid(
            attribute.code,
            `has a value outside its list: ${values[0]}`,
          );
        kept[attribute.code] = values[0]!;
        break;
      case 'number':
        if (values.length > 1 || !/^-?\d+(\.\d+)?$/.test(values[0]!.trim()))
          throw ComplaintsErrors.attributeInvalid(attribute.code, 'must be a number');
        kept[attribute.code] = values[0]!.trim();
        break;
      case 'datetime':
        if (values.length > 1 || dateTimeMoment(values[0]!.trim()) === undefined)
          throw ComplaintsErrors.attributeInvalid(
            attribute.code,
            'must be a date-time with an offset',
          );
        kept[attribute.code] = values[0]!.trim();
        break;
      case 'string':
      case 'text':
        if (values.length > 1)
          throw ComplaintsErrors.attributeInvalid(attribute.code, 'takes one value');
        if (values[0]!.length > (attribute.datatype === 'string' ? 200 : 1000))
          throw ComplaintsErrors.attributeInvalid(attribute.code, 'is too long');
        kept[attribute.code] = values[0]!;
        break;
    }
  }
  return kept;
}

/** A service as `complaints.service.put` takes it: what an admin edits and puts back. */
export const editableDefinition = (s: CatalogueService): ServicePutRequest => ({
  serviceCode: s.code,
  groupCode: s.groupCode,
  departmentCode: s.departmentCode,
  priority: s.priority,
  names: s.names,
  descriptions: s.descriptions,
  keywords: s.keywords,
  triageDays: s.triageDays,
  resolutionDays: s.resolutionDays,
  reopenWindowDays: s.reopenWindowDays,
  duplicateRadiusMetres: s.duplicateRadiusMetres,
  duplicateWindowDays: s.duplicateWindowDays,
  active: s.active,
  attributes: [...s.attributes]
    .sort((a, b) => a.order - b.order)
    .map((a) => ({
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      order: a.order,
      description: a.descriptions,
      ...(a.values.length > 0 ? { values: a.values } : {}),
    })),
});
