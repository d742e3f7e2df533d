import type { auditEn } from './audit.en';

/** Hindi texts of the audit area (the same keys as audit.en.ts: a missing one fails the type check). */
export const auditHi: Record<keyof typeof auditEn, string> = {
  'audit.nav': 'ऑडिट ट्रेल',
  'audit.notYourRole': 'यह पृष्ठ ऑडिटरों के लिए है। आपके खाते की भूमिका कोई और है।',

  'audit.permitProof.heading': 'ऑडिट लॉग से परमिट का प्रमाण',
  'audit.permitProof.checking': 'आपके ब्राउज़र में प्रमाण की जाँच हो रही है…',
  'audit.permitProof.none':
    'ऑडिट लॉग में परमिट {number} का कोई हस्ताक्षरित प्रमाण अभी नहीं है। इसके ट्री हेड हर कुछ मिनट में हस्ताक्षरित होते हैं: बाद में फिर से जाँचें।',
  'audit.permitProof.unavailable':
    'ऑडिट लॉग से प्रमाण प्राप्त नहीं हो सका, इसलिए उसकी जाँच नहीं हुई। बाद में फिर से प्रयास करें।',
  'audit.permitProof.proven': 'आपके ब्राउज़र में प्रमाणित',
  'audit.permitProof.issuedProven': 'जारी, प्रमाणित: ऑडिट लॉग की प्रविष्टि {seq}, {time} को दर्ज।',
  'audit.permitProof.revokedProven': 'रद्द, प्रमाणित: ऑडिट लॉग की प्रविष्टि {seq}, {time} को दर्ज।',
  'audit.permitProof.expiredProven': 'समाप्त, प्रमाणित: ऑडिट लॉग की प्रविष्टि {seq}, {time} को दर्ज।',
  'audit.permitProof.statusAsOf':
    'ट्री हेड {size} के अनुसार स्थिति ({time} को कुंजी {key} से हस्ताक्षरित): {status}।',
  'audit.permitProof.status.issued': 'जारी',
  'audit.permitProof.status.revoked': 'रद्द',
  'audit.permitProof.status.expired': 'समाप्त',
  'audit.permitProof.notProvenLater':
    'यह प्रमाण यह सिद्ध नहीं करता कि बाद में कोई रद्दीकरण नहीं हुआ। लॉग का पूरा निर्यात इसे सिद्ध कर सकता है (npm run permit:verify, --export के साथ)।',
  'audit.permitProof.notProven': 'प्रमाणित नहीं',
  'audit.permitProof.notProvenText':
    'सर्वर द्वारा दिया गया प्रमाण सत्यापित नहीं होता। इस पर भरोसा न करें। क्या विफल हुआ:',
  'audit.permitProof.howHeading': 'आपके ब्राउज़र ने इसकी जाँच कैसे की',
  'audit.permitProof.how':
    'आपके ब्राउज़र ने जाँचा कि लॉग का ट्री हेड इस सेवा में बनी लॉग की कुंजियों में से किसी एक से हस्ताक्षरित है (सर्वर द्वारा भेजी गई कुंजियों से कभी नहीं), परमिट की हर प्रविष्टि का हैश उसकी दर्ज घटना से फिर से निकाला, और उसके समावेशन प्रमाण (RFC 6962) से जाँचा कि हर प्रविष्टि हस्ताक्षरित ट्री में है। कोई भी यही जाँच npm run permit:verify से कर सकता है।',
  'audit.permitProof.keys': 'इस सेवा में बनी लॉग की कुंजियाँ: {keys}',

  'audit.failure.notAProof': 'उत्तर परमिट का प्रमाण नहीं है।',
  'audit.failure.headMalformed': 'ट्री हेड नहीं है या गलत रूप में है।',
  'audit.failure.headUnknownKey':
    'आकार {size} का ट्री हेड कुंजी {key} से हस्ताक्षरित है, जो इस सेवा में बनी कुंजियों में से नहीं है।',
  'audit.failure.headBadSignature': 'आकार {size} के ट्री हेड का हस्ताक्षर कुंजी {key} से सत्यापित नहीं होता।',
  'audit.failure.noEntries': 'प्रमाण में कोई प्रविष्टि नहीं है।',
  'audit.failure.outsideTree': 'प्रविष्टि {seq} आकार {size} के ट्री हेड के बाहर है।',
  'audit.failure.outOfOrder': 'प्रविष्टि {seq} क्रम से बाहर है।',
  'audit.failure.notJson': 'प्रविष्टि {seq}: उसकी दर्ज घटना JSON नहीं है।',
  'audit.failure.notCanonical': 'प्रविष्टि {seq}: उसकी दर्ज घटना मानक रूप में नहीं है।',
  'audit.failure.fieldsDiffer': 'प्रविष्टि {seq}: उसका प्रकार, मामला या कर्ता उसकी घटना से अलग है।',
  'audit.failure.leafMismatch':
    'प्रविष्टि {seq}: उसका हैश उसकी दर्ज घटना से मेल नहीं खाता (घटना बदली गई)।',
  'audit.failure.notIncluded':
    'प्रविष्टि {seq} आकार {size} के हस्ताक्षरित ट्री में नहीं है (उसका समावेशन प्रमाण विफल है)।',
  'audit.failure.otherSubject': 'प्रविष्टि {seq} किसी और परमिट के बारे में है।',
  'audit.failure.notPermitEvent': 'प्रविष्टि {seq} परमिट के जीवन की घटना नहीं है।',
  'audit.failure.otherPermit': 'प्रविष्टि {seq} किसी और परमिट का जारी होना है।',
  'audit.failure.noIssuance': 'प्रमाणित प्रविष्टियों में इस परमिट के जारी होने की प्रविष्टि नहीं है।',

  'audit.head.heading': 'लॉग का नवीनतम हस्ताक्षरित ट्री हेड',
  'audit.head.none': 'लॉग का अभी कोई हस्ताक्षरित ट्री हेड नहीं है।',
  'audit.head.verified': 'हस्ताक्षर आपके ब्राउज़र में सत्यापित',
  'audit.head.verifiedText':
    'आपके ब्राउज़र ने इसके Ed25519 हस्ताक्षर को इस सेवा में बनी लॉग की कुंजियों में से एक से जाँचा।',
  'audit.head.notVerified': 'हस्ताक्षर सत्यापित नहीं',
  'audit.head.size': 'प्रविष्टियाँ (ट्री का आकार)',
  'audit.head.root': 'रूट हैश',
  'audit.head.signedAt': 'हस्ताक्षर की तिथि',
  'audit.head.key': 'कुंजी',
  'audit.head.sign': 'अभी ट्री हेड पर हस्ताक्षर करें',

  'audit.search.title': 'ऑडिट ट्रेल खोजें',
  'audit.search.lead':
    'हर मामले की हर घटना ऑडिट लॉग में दर्ज है, सबसे पुरानी पहले। मामले, कर्ता, घटना के प्रकार या समय से खोजें।',
  'audit.search.formHeading': 'खोज',
  'audit.search.subject': 'मामला',
  'audit.search.subjectHint': 'मामले की आईडी या संख्या, उदाहरण के लिए परमिट संख्या',
  'audit.search.actor': 'कर्ता',
  'audit.search.actorHint': 'system, या user:<id>:<role> (उपयोगकर्ता)',
  'audit.search.type': 'घटना का प्रकार',
  'audit.search.typeHint': 'उदाहरण के लिए, gov.permits.application.submitted.v1',
  'audit.search.from': 'से',
  'audit.search.to': 'से पहले',
  'audit.search.timeHint': 'तिथि और समय, आपके समय क्षेत्र में',
  'audit.search.button': 'खोजें',
  'audit.search.results': 'मिली प्रविष्टियाँ',
  'audit.search.none': 'कोई प्रविष्टि मेल नहीं खाती।',
  'audit.search.caption': '{count} प्रविष्टियाँ दिखाई गईं, सबसे पुरानी पहले',
  'audit.search.more': 'और प्रविष्टियाँ दिखाएँ',
  'audit.search.error.empty': 'खोजने के लिए कम से कम एक चीज़ दर्ज करें',
  'audit.search.error.type': 'gov.permits.application.submitted.v1 जैसा घटना का प्रकार दर्ज करें',
  'audit.search.error.time': 'सही तिथि और समय दर्ज करें',
  'audit.search.error.order': 'अंत शुरुआत के बाद होना चाहिए',
  'audit.search.error.refused': 'ऑडिट लॉग ने यह खोज अस्वीकार की: यह फ़ील्ड जाँचें',

  'audit.entry.seq': 'प्रविष्टि',
  'audit.entry.when': 'कब',
  'audit.entry.type': 'घटना',
  'audit.entry.case': 'मामला',
  'audit.entry.actor': 'कर्ता',
  'audit.entry.proof': 'प्रमाण',

  'audit.export.heading': 'इन प्रविष्टियों का निर्यात करें',
  'audit.export.lead':
    'JSON Lines में हर प्रविष्टि उसके समावेशन प्रमाण और हस्ताक्षरित ट्री हेड के साथ है, npm run audit:verify के लिए। CSV स्प्रेडशीट के लिए है।',
  'audit.export.jsonl': 'प्रमाणों के साथ JSON Lines डाउनलोड करें',
  'audit.export.csv': 'CSV डाउनलोड करें',

  'audit.case.title': 'मामला {id}',
  'audit.case.caption': 'ऑडिट ट्रेल: {context}',
  'audit.case.search': 'इस मामले के लिए ट्रेल खोजें',
  'audit.case.stateHeading': 'किसी क्षण पर मामला',
  'audit.case.at': 'क्षण',
  'audit.case.atHint': 'तिथि और समय, आपके समय क्षेत्र में। अभी के लिए खाली छोड़ें।',
  'audit.case.showState': 'इस क्षण पर मामला दिखाएँ',
  'audit.case.stateAt': '{time} को मामला, तब तक की उसकी {count} घटनाओं से फिर से बनाया गया:',
  'audit.case.noState': 'उस क्षण तक मामले की कोई घटना नहीं है।',
  'audit.case.timeline': 'समयरेखा',
  'audit.case.noEntries': 'ऑडिट लॉग में इस मामले की कोई प्रविष्टि नहीं है।',

  'audit.proof.checking': 'जाँच हो रही है…',
  'audit.proof.verified': 'सत्यापित',
  'audit.proof.verifiedText': 'आकार {size} के हस्ताक्षरित ट्री में, आपके ब्राउज़र में दर्ज घटना से जाँचा गया',
  'audit.proof.failed': 'सत्यापित नहीं',
  'audit.proof.unsigned': 'अभी हस्ताक्षरित नहीं',
  'audit.proof.unsignedText':
    'नवीनतम हस्ताक्षरित ट्री हेड (आकार {size}) के बाद दर्ज: इसे प्रमाणित करने के लिए ट्री हेड पर हस्ताक्षर करें',
  'audit.proof.headUnverified': 'ट्री हेड का हस्ताक्षर सत्यापित नहीं होता',
  'audit.proof.unavailable': 'प्रमाण प्राप्त नहीं हो सका।',
};
