'use strict';
// What a Ukrainian qualified certificate says of its holder: the X.520 names, organizationIdentifier
// (`NTRUA-` + ЄДРПОУ), serialNumber (`TINUA-` + РНОКПП), and the subject directory attributes of the
// Ukrainian profile (ЄДРПОУ 1.2.804.2.1.1.1.11.1.4.2.1, РНОКПП 1.2.804.2.1.1.1.11.1.4.1.1).
const asn1js = require('asn1js');

const NAMES = {
  '2.5.4.3': 'commonName',
  '2.5.4.4': 'surname',
  '2.5.4.42': 'givenName',
  '2.5.4.12': 'title',
  '2.5.4.10': 'organisation',
  '2.5.4.97': 'organizationIdentifier',
  '2.5.4.5': 'serialNumber',
};
const SUBJECT_DIRECTORY_ATTRIBUTES = '2.5.29.9';
const UA_EDRPOU = '1.2.804.2.1.1.1.11.1.4.2.1';
const UA_RNOKPP = '1.2.804.2.1.1.1.11.1.4.1.1';

const OID_NAMES = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
  '1.3.14.3.2.26': 'SHA-1',
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.2.804.2.1.1.1.1.2.1': 'GOST 34.311',
};

function oidName(oid) {
  return OID_NAMES[oid] ?? oid;
}

function text(value) {
  const block = value?.valueBlock;
  if (!block) return null;
  if (typeof block.value === 'string') return block.value;
  if (block.valueHexView) return Buffer.from(block.valueHexView).toString('utf8');
  return null;
}

function nameFields(name) {
  const fields = {};
  for (const { type, value } of name.typesAndValues) {
    const key = NAMES[type];
    if (key && fields[key] === undefined) fields[key] = text(value);
  }
  return fields;
}

/** The values of the Ukrainian profile's subject directory attributes, by OID. */
function directoryAttributes(certificate) {
  const extension = (certificate.extensions || []).find((e) => e.extnID === SUBJECT_DIRECTORY_ATTRIBUTES);
  const found = {};
  if (!extension) return found;
  const parsed = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView);
  if (parsed.offset === -1) return found;
  for (const attribute of parsed.result.valueBlock.value ?? []) {
    const [type, values] = attribute.valueBlock?.value ?? [];
    const oid = type?.valueBlock?.toString?.();
    const first = values?.valueBlock?.value?.[0];
    if (oid && first && found[oid] === undefined) found[oid] = text(first);
  }
  return found;
}

/** РНОКПП is personal data: all but its last two digits hidden. */
function masked(value) {
  if (!value) return null;
  const digits = value.replace(/\s/g, '');
  return digits.length <= 2 ? '*'.repeat(digits.length) : '*'.repeat(digits.length - 2) + digits.slice(-2);
}

/** `Іваненко Іван Іванович` → `Іваненко І. І.` */
function shortName(surname, givenName, commonName) {
  if (surname && givenName) {
    const initials = givenName.split(/\s+/).filter(Boolean).map((part) => `${part[0]}.`);
    return [surname, initials.join(' ')].join(' ');
  }
  if (commonName) {
    const [last, ...rest] = commonName.split(/\s+/).filter(Boolean);
    return rest.length > 0 ? `${last} ${rest.map((part) => `${part[0]}.`).join(' ')}` : commonName;
  }
  return null;
}

function signerFields(certificate) {
  const subject = nameFields(certificate.subject);
  const issuer = nameFields(certificate.issuer);
  const directory = directoryAttributes(certificate);
  const fromIdentifier = subject.organizationIdentifier?.match(/^NTRUA-(\d{8,10})$/)?.[1] ?? null;
  const fromSerial = subject.serialNumber?.match(/^TINUA-(\d{10})$/)?.[1] ?? null;
  return {
    name: subject.commonName ?? null,
    shortName: shortName(subject.surname, subject.givenName, subject.commonName),
    title: subject.title ?? null,
    organisation: subject.organisation ?? null,
    edrpou: fromIdentifier ?? directory[UA_EDRPOU] ?? null,
    rnokppMasked: masked(directory[UA_RNOKPP] ?? fromSerial),
    issuer: issuer.organisation ?? issuer.commonName ?? null,
    serial: Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex'),
    notBefore: certificate.notBefore.value.toISOString(),
    notAfter: certificate.notAfter.value.toISOString(),
  };
}

module.exports = { signerFields, oidName, masked, shortName, UA_EDRPOU, UA_RNOKPP };
