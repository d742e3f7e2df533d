import type { Holiday } from '../../calendar/calendar.js';
import type { PermitTypeDefinition } from '../permit-type.js';

/*
 * The local stack's catalogue and calendar: three permit types (a building permit, a street
 * event permit, a trade licence) and Berlin's public holidays of 2026 and 2027. A city
 * publishes its own through the API; these are only written where nothing is.
 */

const MIB = 1_048_576;

const pdf = (kind: string, en: string, de: string, hi: string, required: boolean) => ({
  kind,
  names: { en, de, hi },
  required,
  contentTypes: ['application/pdf'],
  maxBytes: 20 * MIB,
});

export const BUILDING_PERMIT: PermitTypeDefinition = {
  code: 'building',
  prefix: 'BP',
  names: { en: 'Building permit', de: 'Baugenehmigung', hi: 'भवन निर्माण परमिट' },
  descriptions: {
    en: 'Build, extend or convert a building. Plans are reviewed, the site is inspected, and large buildings need a second approval.',
    de: 'Ein Gebäude errichten, erweitern oder umbauen.',
    hi: 'भवन बनाना, उसका विस्तार करना या उसमें बदलाव करना। नक्शों की जाँच होती है, स्थल का निरीक्षण होता है, और बड़े भवनों को दूसरी स्वीकृति चाहिए।',
  },
  documentKinds: [
    pdf('site_plan', 'Site plan', 'Lageplan', 'स्थल का नक्शा', true),
    pdf('floor_plans', 'Floor plans', 'Grundrisse', 'मंज़िलों के नक्शे', true),
    {
      kind: 'photos',
      names: { en: 'Photos of the site', de: 'Fotos des Grundstücks', hi: 'स्थल की तस्वीरें' },
      required: false,
      contentTypes: ['image/jpeg', 'image/png'],
      maxBytes: 10 * MIB,
    },
  ],
  formSchema: {
    type: 'object',
    properties: {
      description: { type: 'string', minLength: 1, maxLength: 2000, title: 'What you will build' },
      storeys: { type: 'integer', minimum: 1, maximum: 50, title: 'Storeys' },
      use: {
        type: 'string',
        enum: ['residential', 'commercial', 'mixed', 'other'],
        title: 'Use of the building',
      },
    },
    required: ['description', 'storeys'],
    additionalProperties: false,
  },
  quantities: [
    {
      code: 'floor_area_m2',
      names: { en: 'Floor area', de: 'Geschossfläche', hi: 'फ़र्श का क्षेत्रफल' },
      unit: 'm2',
      required: true,
      max: 1_000_000,
    },
  ],
  fee: {
    currency: 'EUR',
    base: {
      amountMinor: 25_000,
      revenueCode: 'permits.building',
      descriptionKey: 'fees.building.base',
    },
    perUnit: [
      {
        quantity: 'floor_area_m2',
        amountMinor: 150,
        revenueCode: 'permits.building',
        descriptionKey: 'fees.building.floor-area',
      },
    ],
  },
  paymentDays: 10,
  completenessCheckDays: 10,
  reviewDays: 20,
  renewalReviewDays: 10,
  remedy: 'escalate',
  inspection: { required: true, maxReinspections: 2 },
  approval: { secondApprover: { role: 'supervisor', quantity: 'floor_area_m2', above: 500 } },
  validity: { months: 36 },
};

export const STREET_EVENT_PERMIT: PermitTypeDefinition = {
  code: 'street-event',
  prefix: 'SE',
  names: {
    en: 'Street event permit',
    de: 'Genehmigung einer Straßenveranstaltung',
    hi: 'सड़क पर आयोजन का परमिट',
  },
  descriptions: {
    en: 'Hold a street party, market or parade on public roads.',
    de: 'Ein Straßenfest, einen Markt oder einen Umzug auf öffentlichen Straßen veranstalten.',
    hi: 'सार्वजनिक सड़कों पर मेला, बाज़ार या जुलूस आयोजित करना।',
  },
  documentKinds: [
    pdf(
      'route_plan',
      'Route or area plan',
      'Lage- oder Streckenplan',
      'मार्ग या क्षेत्र का नक्शा',
      true,
    ),
  ],
  formSchema: {
    type: 'object',
    properties: {
      description: { type: 'string', minLength: 1, maxLength: 2000, title: 'The event' },
      startDate: { type: 'string', format: 'date', title: 'First day' },
      endDate: { type: 'string', format: 'date', title: 'Last day' },
      expectedAttendance: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    },
    required: ['description', 'startDate', 'endDate'],
    additionalProperties: false,
  },
  quantities: [
    {
      code: 'event_days',
      names: { en: 'Days of the event', de: 'Veranstaltungstage', hi: 'आयोजन के दिन' },
      unit: 'days',
      required: true,
      max: 30,
    },
  ],
  fee: {
    currency: 'EUR',
    base: {
      amountMinor: 5_000,
      revenueCode: 'permits.street-event',
      descriptionKey: 'fees.street-event.base',
    },
    perUnit: [
      {
        quantity: 'event_days',
        amountMinor: 2_000,
        revenueCode: 'permits.street-event',
        descriptionKey: 'fees.street-event.per-day',
      },
    ],
  },
  paymentDays: 5,
  completenessCheckDays: 3,
  reviewDays: 10,
  renewalReviewDays: 5,
  remedy: 'deemed_approved',
  inspection: { required: false, maxReinspections: 0 },
  approval: {},
  // The event's own dates bound it in practice; the permit itself lapses after a month.
  validity: { months: 1 },
};

export const TRADE_LICENCE: PermitTypeDefinition = {
  code: 'trade-licence',
  prefix: 'TL',
  names: { en: 'Trade licence', de: 'Gewerbeerlaubnis', hi: 'व्यापार लाइसेंस' },
  descriptions: {
    en: 'Run a licensed trade. The business name is shown when the licence is verified.',
    de: 'Ein erlaubnispflichtiges Gewerbe betreiben.',
    hi: 'लाइसेंस वाला व्यापार चलाना। लाइसेंस की जाँच पर व्यवसाय का नाम दिखाया जाता है।',
  },
  documentKinds: [
    pdf('proof_of_identity', 'Proof of identity', 'Identitätsnachweis', 'पहचान का प्रमाण', true),
    pdf(
      'certificate_of_good_conduct',
      'Certificate of good conduct',
      'Führungszeugnis',
      'चरित्र प्रमाणपत्र',
      true,
    ),
  ],
  formSchema: {
    type: 'object',
    properties: {
      business_name: { type: 'string', minLength: 1, maxLength: 200, title: 'Business name' },
      trade: { type: 'string', minLength: 1, maxLength: 200, title: 'Trade' },
    },
    required: ['business_name', 'trade'],
    additionalProperties: false,
  },
  quantities: [],
  fee: {
    currency: 'EUR',
    base: {
      amountMinor: 12_000,
      revenueCode: 'permits.trade-licence',
      descriptionKey: 'fees.trade-licence.base',
    },
    perUnit: [],
  },
  paymentDays: 10,
  completenessCheckDays: 5,
  reviewDays: 15,
  renewalReviewDays: 5,
  remedy: 'fee_refund',
  inspection: { required: false, maxReinspections: 0 },
  approval: {},
  validity: { months: 12 },
  publicHolderField: 'business_name',
};

export const SEED_PERMIT_TYPES: readonly PermitTypeDefinition[] = [
  BUILDING_PERMIT,
  STREET_EVENT_PERMIT,
  TRADE_LICENCE,
];

/** Public holidays in Berlin (national ones and International Women's Day), 2026 and 2027. */
export const SEED_HOLIDAYS: Readonly<Record<number, readonly Holiday[]>> = {
  2026: [
    { date: '2026-01-01', name: "New Year's Day" },
    { date: '2026-03-08', name: "International Women's Day" },
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-04-06', name: 'Easter Monday' },
    { date: '2026-05-01', name: 'Labour Day' },
    { date: '2026-05-14', name: 'Ascension Day' },
    { date: '2026-05-25', name: 'Whit Monday' },
    { date: '2026-10-03', name: 'Day of German Unity' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-26', name: 'Second Day of Christmas' },
  ],
  2027: [
    { date: '2027-01-01', name: "New Year's Day" },
    { date: '2027-03-08', name: "International Women's Day" },
    { date: '2027-03-26', name: 'Good Friday' },
    { date: '2027-03-29', name: 'Easter Monday' },
    { date: '2027-05-01', name: 'Labour Day' },
    { date: '2027-05-06', name: 'Ascension Day' },
    { date: '2027-05-17', name: 'Whit Monday' },
    { date: '2027-10-03', name: 'Day of German Unity' },
    { date: '2027-12-25', name: 'Christmas Day' },
    { date: '2027-12-26', name: 'Second Day of Christmas' },
  ],
};
