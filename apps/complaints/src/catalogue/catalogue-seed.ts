import type { ComplaintStatus, ServicePutRequest } from '#contracts';

/**
 * The seeded catalogue of the demo city: the seven services of issue 14 in four groups, each
 * with its department, priority, SLAs in working days, reopen window, duplicate radius and
 * window, names per language (en, nl, fr, hi) and attributes. An admin edits it afterwards
 * (`complaints.service.put`).
 */
export const SEED_DEPARTMENTS: { code: string; names: Record<string, string> }[] = [
  {
    code: 'roads',
    names: {
      en: 'Roads and Public Works',
      nl: 'Wegen en Openbare Werken',
      fr: 'Voirie et Travaux publics',
      hi: 'सड़क और लोक निर्माण',
    },
  },
  {
    code: 'lighting',
    names: {
      en: 'Public Lighting',
      nl: 'Openbare Verlichting',
      fr: 'Éclairage public',
      hi: 'सार्वजनिक प्रकाश',
    },
  },
  {
    code: 'waste',
    names: {
      en: 'Waste and Cleansing',
      nl: 'Afval en Netheid',
      fr: 'Déchets et Propreté',
      hi: 'कचरा और सफ़ाई',
    },
  },
  {
    code: 'water',
    names: { en: 'Water Services', nl: 'Waterdienst', fr: 'Service des eaux', hi: 'जल सेवाएँ' },
  },
  {
    code: 'environment',
    names: {
      en: 'Environment and Noise',
      nl: 'Milieu en Geluid',
      fr: 'Environnement et Bruit',
      hi: 'पर्यावरण और शोर',
    },
  },
];

export const SEED_GROUPS: { code: string; names: Record<string, string> }[] = [
  {
    code: 'streets',
    names: {
      en: 'Streets and lighting',
      nl: 'Straten en verlichting',
      fr: 'Rues et éclairage',
      hi: 'सड़कें और रोशनी',
    },
  },
  {
    code: 'cleanliness',
    names: { en: 'Cleanliness', nl: 'Netheid', fr: 'Propreté', hi: 'स्वच्छता' },
  },
  { code: 'water', names: { en: 'Water', nl: 'Water', fr: 'Eau', hi: 'पानी' } },
  { code: 'nuisance', names: { en: 'Nuisance', nl: 'Overlast', fr: 'Nuisances', hi: 'उपद्रव' } },
];

const text = (en: string, nl: string, fr: string, hi: string) => ({ en, nl, fr, hi });

export const SEED_SERVICES: ServicePutRequest[] = [
  {
    serviceCode: 'pothole',
    groupCode: 'streets',
    departmentCode: 'roads',
    priority: 'normal',
    names: text('Pothole', 'Put in de weg', 'Nid-de-poule', 'सड़क में गड्ढा'),
    descriptions: text(
      'A hole or crack in the road surface.',
      'Een put of barst in het wegdek.',
      'Un trou ou une fissure dans la chaussée.',
      'सड़क की सतह में गड्ढा या दरार।',
    ),
    keywords: ['road', 'hole', 'asphalt'],
    triageDays: 1,
    resolutionDays: 10,
    reopenWindowDays: 14,
    duplicateRadiusMetres: 250,
    duplicateWindowDays: 30,
    active: true,
    attributes: [
      {
        code: 'size',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        description: text(
          'How big is it?',
          'Hoe groot is het?',
          'Quelle taille ?',
          'यह कितना बड़ा है?',
        ),
        values: [
          { key: 'small', name: 'Smaller than a plate' },
          { key: 'medium', name: 'Up to a bicycle wheel' },
          { key: 'large', name: 'Larger than a bicycle wheel' },
        ],
      },
      {
        code: 'lanes',
        datatype: 'multivaluelist',
        required: false,
        order: 2,
        description: text(
          'Where on the road?',
          'Waar op de weg?',
          'Où sur la route ?',
          'सड़क पर कहाँ?',
        ),
        values: [
          { key: 'road', name: 'Carriageway' },
          { key: 'cycle', name: 'Cycle lane' },
          { key: 'pavement', name: 'Pavement' },
        ],
      },
      {
        code: 'depth_cm',
        datatype: 'number',
        required: false,
        order: 3,
        description: text(
          'Depth in centimetres',
          'Diepte in centimeter',
          'Profondeur en centimètres',
          'गहराई सेंटीमीटर में',
        ),
      },
    ],
  },
  {
    serviceCode: 'streetlight',
    groupCode: 'streets',
    departmentCode: 'lighting',
    priority: 'normal',
    names: text('Street light out', 'Straatlicht defect', 'Lampadaire éteint', 'स्ट्रीट लाइट ख़राब'),
    descriptions: text(
      'A street light that is off, flickering or on by day.',
      'Een straatlicht dat niet brandt, flikkert of overdag brandt.',
      'Un lampadaire éteint, clignotant ou allumé le jour.',
      'ऐसी स्ट्रीट लाइट जो बंद है, टिमटिमाती है या दिन में जलती है।',
    ),
    keywords: ['lamp', 'light', 'dark'],
    triageDays: 1,
    resolutionDays: 5,
    reopenWindowDays: 14,
    duplicateRadiusMetres: 100,
    duplicateWindowDays: 30,
    active: true,
    attributes: [
      {
        code: 'pole_number',
        datatype: 'string',
        required: false,
        order: 1,
        description: text(
          'Number on the pole',
          'Nummer op de paal',
          'Numéro sur le poteau',
          'खंभे पर लिखा नंबर',
        ),
      },
      {
        code: 'fault',
        datatype: 'singlevaluelist',
        required: true,
        order: 2,
        description: text(
          'What is wrong?',
          'Wat is er mis?',
          'Quel est le problème ?',
          'क्या ख़राबी है?',
        ),
        values: [
          { key: 'off', name: 'Off at night' },
          { key: 'flickering', name: 'Flickering' },
          { key: 'day', name: 'On during the day' },
        ],
      },
    ],
  },
  {
    serviceCode: 'garbage',
    groupCode: 'cleanliness',
    departmentCode: 'waste',
    priority: 'normal',
    names: text(
      'Missed garbage collection',
      'Huisvuil niet opgehaald',
      'Collecte des déchets manquée',
      'कचरा नहीं उठाया गया',
    ),
    descriptions: text(
      'Bins or bags that were not collected on the collection day.',
      'Containers of zakken die niet zijn opgehaald.',
      'Conteneurs ou sacs non collectés.',
      'कूड़ेदान या थैले जो संग्रह के दिन नहीं उठाए गए।',
    ),
    keywords: ['bin', 'collection', 'trash'],
    triageDays: 1,
    resolutionDays: 2,
    reopenWindowDays: 7,
    duplicateRadiusMetres: 50,
    duplicateWindowDays: 3,
    active: true,
    attributes: [
      {
        code: 'waste_type',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        description: text(
          'Which collection?',
          'Welke ophaling?',
          'Quelle collecte ?',
          'कौन-सा संग्रह?',
        ),
        values: [
          { key: 'residual', name: 'Residual waste' },
          { key: 'pmd', name: 'Plastics and cans' },
          { key: 'paper', name: 'Paper' },
          { key: 'organic', name: 'Garden and food waste' },
        ],
      },
      {
        code: 'collection_day',
        datatype: 'datetime',
        required: false,
        order: 2,
        description: text(
          'When was it due?',
          'Wanneer had het moeten gebeuren?',
          'Quand était-elle prévue ?',
          'यह कब होना था?',
        ),
      },
    ],
  },
  {
    serviceCode: 'water_leak',
    groupCode: 'water',
    departmentCode: 'water',
    priority: 'urgent',
    names: text('Water leak', 'Waterlek', "Fuite d'eau", 'पानी का रिसाव'),
    descriptions: text(
      'Water leaking from a main, hydrant or the road.',
      'Water dat lekt uit een leiding, brandkraan of de weg.',
      "De l'eau qui fuit d'une conduite, d'une bouche ou de la chaussée.",
      'मुख्य पाइप, हाइड्रेंट या सड़क से पानी का रिसाव।',
    ),
    keywords: ['leak', 'water', 'hydrant', 'flood'],
    triageDays: 0,
    resolutionDays: 2,
    reopenWindowDays: 14,
    duplicateRadiusMetres: 250,
    duplicateWindowDays: 7,
    active: true,
    attributes: [
      {
        code: 'flow',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        description: text(
          'How much water?',
          'Hoeveel water?',
          "Quelle quantité d'eau ?",
          'कितना पानी?',
        ),
        values: [
          { key: 'drip', name: 'Dripping' },
          { key: 'stream', name: 'A steady stream' },
          { key: 'gushing', name: 'Gushing' },
        ],
      },
    ],
  },
  {
    serviceCode: 'noise',
    groupCode: 'nuisance',
    departmentCode: 'environment',
    priority: 'low',
    names: text('Noise', 'Geluidsoverlast', 'Nuisance sonore', 'शोर'),
    descriptions: text(
      'Persistent noise from a site, venue or machine.',
      'Aanhoudend lawaai van een werf, zaak of machine.',
      "Bruit persistant d'un chantier, d'un lieu ou d'une machine.",
      'किसी निर्माण स्थल, स्थान या मशीन से लगातार शोर।',
    ),
    keywords: ['noise', 'loud', 'music'],
    triageDays: 2,
    resolutionDays: 15,
    reopenWindowDays: 14,
    duplicateRadiusMetres: 250,
    duplicateWindowDays: 14,
    active: true,
    attributes: [
      {
        code: 'source',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        description: text(
          'What makes the noise?',
          'Wat maakt het lawaai?',
          'Quelle est la source ?',
          'शोर किससे हो रहा है?',
        ),
        values: [
          { key: 'construction', name: 'Construction' },
          { key: 'venue', name: 'Bar or venue' },
          { key: 'machine', name: 'Machine or alarm' },
          { key: 'traffic', name: 'Traffic' },
        ],
      },
      {
        code: 'when',
        datatype: 'text',
        required: false,
        order: 2,
        description: text(
          'When does it happen?',
          'Wanneer gebeurt het?',
          'Quand cela arrive-t-il ?',
          'यह कब होता है?',
        ),
      },
    ],
  },
  {
    serviceCode: 'graffiti',
    groupCode: 'cleanliness',
    departmentCode: 'waste',
    priority: 'low',
    names: text('Graffiti', 'Graffiti', 'Graffiti', 'भित्ति-लेखन (ग्रैफ़िटी)'),
    descriptions: text(
      'Graffiti or fly-posting on public property.',
      'Graffiti of wildplakken op openbaar domein.',
      'Graffiti ou affichage sauvage sur le domaine public.',
      'सार्वजनिक संपत्ति पर ग्रैफ़िटी या अवैध पोस्टर।',
    ),
    keywords: ['graffiti', 'tag', 'paint'],
    triageDays: 2,
    resolutionDays: 10,
    reopenWindowDays: 14,
    duplicateRadiusMetres: 50,
    duplicateWindowDays: 30,
    active: true,
    attributes: [
      {
        code: 'offensive',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        description: text(
          'Is it offensive?',
          'Is het beledigend?',
          'Est-ce offensant ?',
          'क्या यह आपत्तिजनक है?',
        ),
        values: [
          { key: 'yes', name: 'Yes' },
          { key: 'no', name: 'No' },
        ],
      },
      {
        code: 'surface',
        datatype: 'multivaluelist',
        required: false,
        order: 2,
        description: text('On what?', 'Waarop?', 'Sur quoi ?', 'किस पर?'),
        values: [
          { key: 'wall', name: 'Wall' },
          { key: 'sign', name: 'Sign' },
          { key: 'furniture', name: 'Street furniture' },
        ],
      },
    ],
  },
  {
    serviceCode: 'dumping',
    groupCode: 'cleanliness',
    departmentCode: 'waste',
    priority: 'high',
    names: text('Illegal dumping', 'Sluikstort', 'Dépôt clandestin', 'अवैध कचरा फेंकना'),
    descriptions: text(
      'Rubbish, furniture or rubble left on public ground.',
      'Afval, meubels of puin achtergelaten op openbaar domein.',
      'Déchets, meubles ou gravats abandonnés sur la voie publique.',
      'सार्वजनिक जगह पर छोड़ा गया कचरा, फ़र्नीचर या मलबा।',
    ),
    keywords: ['dumping', 'rubbish', 'fly-tipping'],
    triageDays: 1,
    resolutionDays: 5,
    reopenWindowDays: 14,
    duplicateRadiusMetres: 100,
    duplicateWindowDays: 14,
    active: true,
    attributes: [
      {
        code: 'items',
        datatype: 'multivaluelist',
        required: true,
        order: 1,
        description: text(
          'What was dumped?',
          'Wat werd gestort?',
          "Qu'est-ce qui a été déposé ?",
          'क्या फेंका गया?',
        ),
        values: [
          { key: 'bags', name: 'Bags' },
          { key: 'furniture', name: 'Furniture' },
          { key: 'rubble', name: 'Rubble' },
          { key: 'hazardous', name: 'Chemicals or asbestos' },
        ],
      },
      {
        code: 'volume_m3',
        datatype: 'number',
        required: false,
        order: 2,
        description: text(
          'About how many cubic metres?',
          'Ongeveer hoeveel kubieke meter?',
          'Environ combien de mètres cubes ?',
          'लगभग कितने घन मीटर?',
        ),
      },
    ],
  },
];

/** The response templates per status and language ({service} is the service's name). */
export const SEED_TEMPLATES: { status: ComplaintStatus; lang: string; text: string }[] = [
  [
    'for_triage',
    'Thank you, your report was received and will be looked at soon.',
    'Bedankt, uw melding is ontvangen en wordt snel bekeken.',
    'Merci, votre signalement a été reçu et sera examiné rapidement.',
  ],
  [
    'investigating',
    'We are looking into this.',
    'We onderzoeken dit.',
    'Nous examinons ce signalement.',
  ],
  [
    'action_scheduled',
    'The work is scheduled.',
    'Het werk is ingepland.',
    'Les travaux sont planifiés.',
  ],
  ['in_progress', 'A crew is working on it.', 'Een ploeg werkt eraan.', 'Une équipe y travaille.'],
  [
    'fixed',
    'This has been fixed. Thank you for reporting it.',
    'Dit is hersteld. Bedankt voor uw melding.',
    'Le problème est résolu. Merci de votre signalement.',
  ],
  [
    'duplicate',
    'This was already reported; follow the original report for updates.',
    'Dit werd al gemeld; volg de oorspronkelijke melding.',
    'Déjà signalé ; suivez le signalement initial.',
  ],
  [
    'not_responsible',
    'This is not the responsibility of the city; we passed it on.',
    'Dit valt niet onder de stad; we hebben het doorgegeven.',
    "Cela ne relève pas de la ville ; nous l'avons transmis.",
  ],
  [
    'no_further_action',
    'We looked at this and no further action is needed.',
    'We bekeken dit; verdere actie is niet nodig.',
    "Nous avons examiné ce signalement ; aucune action n'est nécessaire.",
  ],
  [
    'internal_referral',
    'This was referred to another department.',
    'Dit werd doorverwezen naar een andere dienst.',
    'Transmis à un autre service.',
  ],
].flatMap(([status, en, nl, fr]) => [
  { status: status as ComplaintStatus, lang: 'en', text: en! },
  { status: status as ComplaintStatus, lang: 'nl', text: nl! },
  { status: status as ComplaintStatus, lang: 'fr', text: fr! },
]);
