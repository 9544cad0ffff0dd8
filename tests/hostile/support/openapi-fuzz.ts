import fc from 'fast-check';
import type { RawRequest } from './raw-http';

/** A JSON schema as far as the fuzzer reads it. */
interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  $ref?: string;
  maxLength?: number;
  minLength?: number;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. /api/tickets/{trackingId}. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  headerParams: string[];
  /** The body's fields (allOf and $ref resolved), or null when none is documented. */
  body: { properties: Record<string, Schema>; required: string[] } | null;
  contentTypes: string[];
  /** Under /api/staff/ and not the sign-in itself: needs a session. */
  staff: boolean;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string; schema?: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> }; security?: Record<string, string[]>[] }>
  >;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, { type: string; in?: string; name?: string }> };
}

/** Every operation of the API's own OpenAPI document, so an endpoint added later is fuzzed without touching this test. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(document.components?.schemas?.[schema.$ref.split('/').pop()!] ?? {});
    if (schema.allOf) {
      const parts = schema.allOf.map(resolve);
      return { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})), required: parts.flatMap((p) => p.required ?? []) };
    }
    return schema;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      const bodySchema = Object.values(content)[0]?.schema;
      const resolved = bodySchema ? resolve(bodySchema) : null;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        // Headers a security scheme names (the CMS webhook's secret) are fuzzed as any other header parameter.
        headerParams: [
          ...parameters.filter((p) => p.in === 'header').map((p) => p.name),
          ...(operation.security ?? []).flatMap((requirement) =>
            Object.keys(requirement).flatMap((scheme) => {
              const defined = document.components?.securitySchemes?.[scheme];
              return defined?.type === 'apiKey' && defined.in === 'header' && defined.name ? [defined.name] : [];
            }),
          ),
        ],
        body: resolved ? { properties: resolved.properties ?? {}, required: resolved.required ?? [] } : null,
        contentTypes: Object.keys(content),
        staff: path.startsWith('/api/staff/') && path !== '/api/staff/auth/sign-in',
      });
    }
  }
  return operations;
}

/** Real identifiers of the fuzzed process's data, so some requests get past "not found". */
export interface KnownValues {
  trackingIds: string[];
  emails: string[];
  uuids: string[];
  ids: string[];
}

const EDGE_STRINGS = [
  '', ' ', '\t', '0', '-1', '1e309', 'NaN', 'Infinity', 'null', 'undefined', 'true', '[]', '{}', '[object Object]',
  '\u0000', 'a\u0000b', '\uFEFF', '\u202Eexe.pdf', '\uD800', '\uDFFF', 'a\uD83D', '\u200B', '\u0301', 'ﷺ', 'İı', 'ß', 'Ⅻ',
  '👩‍👩‍👧‍👦', '🏳️‍🌈', 'Z̴̡̧̛̝̗̟̞͉̖͈̝̮̰͔̩̏̽͑̋͑͒͜ą̷̛l̶g̵o̶', 'Ї ї Є є Ґ ґ', '\r\n', 'Subject: x\r\nBcc: a@b.c', '%00', '%', '%%', '%E0%A4%A',
  '../../../etc/passwd', '..\\..\\windows\\win.ini', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>',
  "' OR '1'='1' --", "'; DROP TABLE tickets; --", '${7*7}', '{{7*7}}', '{{constructor.constructor("return process")()}}', '%s%s%n',
  '__proto__', 'constructor', 'prototype', 'AZA-DMP-AJ8S', 'aza-dmp-aj8s', 'AZADMPAJ8S', '00000000-0000-0000-0000-000000000000',
  '9'.repeat(30), '-9223372036854775809', '1.5', '0x10', '1e3', 'test_partner@oree.com.ua', 'a@b', '@', 'a@b@c.d', '"quoted"@example.com',
  'юзер@приклад.укр', 'x'.repeat(255) + '@example.com',
];

/** Text a client may send: any code point (lone surrogates too), edge cases, sometimes huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...EDGE_STRINGS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }), weight: 3 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 2 },
  { arbitrary: fc.tuple(fc.constantFrom('я', 'a', '€', '😀', '\u0000', '<'), fc.integer({ min: 200, max: 60_000 })).map(([c, n]) => c.repeat(n)), weight: 1 },
);

/** Any JSON value, for a field of the wrong type. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), hostileString), { maxLength: 4 }),
  fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', '$where', 'length'), fc.string({ maxLength: 8 })), fc.oneof(fc.integer(), hostileString, fc.constant(null)), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

function plausible(schema: Schema, known: KnownValues): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'number':
    case 'integer':
      return fc.oneof(fc.integer({ min: -2, max: 10 }), fc.constantFrom(...known.ids.map(Number)), fc.constantFrom(2 ** 31, 2 ** 53, -0, 0.5, 1e308));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? plausible(schema.items, known) : wrongType, { maxLength: 5 });
    default:
      if (schema.format === 'email') return fc.oneof(fc.constantFrom(...known.emails), fc.emailAddress());
      if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...known.uuids), fc.uuid());
      return fc.oneof(fc.lorem({ maxCount: 5 }), fc.constantFrom(...known.trackingIds, ...known.ids), fc.string({ minLength: schema.minLength ?? 0, maxLength: 30 }));
  }
}

/** A value for a field: what the API expects, edge text, or another type altogether. */
function fieldValue(schema: Schema, known: KnownValues): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: plausible(schema, known), weight: 3 }, { arbitrary: hostileString, weight: 3 }, { arbitrary: wrongType, weight: 2 });
}

function bodyObject(op: Operation, known: KnownValues): fc.Arbitrary<Record<string, unknown>> {
  const properties = op.body?.properties ?? {};
  const fields = Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, fieldValue(schema, known)]));
  return fc
    .tuple(
      // Every field, or any subset (required ones missing too).
      fc.oneof(fc.record(fields), fc.record(fields, { requiredKeys: [] })),
      fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'role', 'status'), fc.string({ maxLength: 10 })), wrongType, { maxKeys: 2 }),
      fc.boolean(),
    )
    .map(([own, extra, withExtra]) => (withExtra ? { ...own, ...extra } : own));
}

/** Percent-encodes the UTF-8 of any string (a lone surrogate becomes U+FFFD, as a browser sends it). */
function encode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function pathSegment(name: string, known: KnownValues): fc.Arbitrary<string> {
  const real = /tracking/i.test(name) ? known.trackingIds : /attachment/i.test(name) ? known.uuids : known.ids;
  return fc.oneof(
    { arbitrary: fc.constantFrom(...real).map(encode), weight: 3 },
    { arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 3000).map(encode), weight: 4 },
    // Broken escapes and encoded separators, sent as they are.
    { arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%C0%AF', '..%2F..%2Fetc', '%2e%2e', 'a%00b', '%FF%FE', '%F0%9F%98'), weight: 1 },
  );
}

/** Header values a client can put on the wire (no CR, LF or NUL: Node's client refuses those, as any proxy would). */
const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'uk', 'en', 'en-US,en;q=0.9,uk;q=0.8', '*', 'de', 'uk;q=abc', 'x'.repeat(4000), ';;;,,,', 'en;q=1e999'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);

type Body = { contentType?: string; bytes?: Buffer; extraHeaders?: Record<string, string> };

export function multipart(fields: Record<string, unknown>, files: { field: string; name: string; content: Buffer; type: string }[], boundary: string): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${text}\r\n`));
  }
  for (const file of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

const fileName = fc.oneof(
  fc.constantFrom('a.txt', 'scan.pdf', 'photo.png', 'test1.docx.p7s', '../../etc/passwd.txt', 'C:\\x\\y.pdf', 'a\u0000.txt', '\u202Etxt.exe', 'evil.html', 'noext', '', '.', '..', '"quoted".txt', 'x'.repeat(400) + '.txt', 'я'.repeat(300) + '.pdf'),
  hostileString.filter((s) => s.length < 300),
);

const fileContent = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
  fc.constantFrom(Buffer.from('%PDF-1.4\n'), Buffer.from('MZ\x90\x00', 'latin1'), Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from('<script>alert(1)</script>'), Buffer.alloc(0)),
  fc.integer({ min: 2 * 1024 * 1024 - 2, max: 2 * 1024 * 1024 + 2 }).map((n) => Buffer.alloc(n, 0x41)),
);

function bodyFor(op: Operation, known: KnownValues): fc.Arbitrary<Body> {
  const object = bodyObject(op, known);
  const json = object.map((o): Body => ({ contentType: 'application/json', bytes: Buffer.from(JSON.stringify(o)) }));
  const jsonOddCharset = fc
    .tuple(object, fc.constantFrom('application/json; charset=utf-16', 'application/json; charset=koi8-r', 'application/json; charset=bogus', 'application/JSON', 'application/vnd.api+json', 'application/json; charset=latin1'))
    .map(([o, type]): Body => ({ contentType: type, bytes: Buffer.from(JSON.stringify(o)) }));
  const brokenJson = fc
    .oneof(
      fc.constantFrom('{', '{"a":', '[', 'nul', '{"name":"\uD800"}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}', '"just a string"', '123', 'null', '[]', '\uFEFF{}', '{"a":1,"a":2}'),
      fc.integer({ min: 1000, max: 200_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      fc.integer({ min: 1000, max: 50_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1')),
    )
    .map((text): Body => ({ contentType: 'application/json', bytes: Buffer.from(text, 'utf8') }));
  const oversized = fc.constantFrom(1024 * 1024 + 1, 3 * 1024 * 1024).map((n): Body => ({ contentType: 'application/json', bytes: Buffer.from(`{"message":"${'x'.repeat(n)}"}`) }));
  const urlencoded = object.map((o): Body => ({
    contentType: 'application/x-www-form-urlencoded',
    bytes: Buffer.from(Object.entries(o).map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&')),
  }));
  const boundary = fc.oneof(fc.constant('----pidtrymka-fuzz'), fc.string({ unit: fc.constantFrom('a', '-', '0', ' ', '"'), minLength: 1, maxLength: 70 }));
  const goodMultipart = fc
    .tuple(object, fc.array(fc.record({ field: fc.constantFrom('attachments', 'attachments', 'file', 'attachments[]'), name: fileName, content: fileContent, type: fc.constantFrom('text/plain', 'application/pdf', 'text/html', 'application/x-msdownload', '') }), { maxLength: 3 }), boundary)
    .map(([o, files, b]): Body => ({ contentType: `multipart/form-data; boundary=${b}`, bytes: multipart(o, files, b) }));
  const brokenMultipart = fc
    .tuple(object, boundary, fc.nat(), fc.constantFrom('truncate', 'wrong-boundary', 'no-boundary', 'garbage', 'no-final', 'header-garbage', 'deep-field'))
    .map(([o, b, cut, how]): Body => {
      const whole = multipart(o, [{ field: 'attachments', name: 'a.txt', content: Buffer.from('hello'), type: 'text/plain' }], b);
      switch (how) {
        case 'truncate':
          return { contentType: `multipart/form-data; boundary=${b}`, bytes: whole.subarray(0, cut % Math.max(whole.length, 1)) };
        case 'wrong-boundary':
          return { contentType: 'multipart/form-data; boundary=other', bytes: whole };
        case 'no-boundary':
          return { contentType: 'multipart/form-data', bytes: whole };
        case 'no-final':
          return { contentType: `multipart/form-data; boundary=${b}`, bytes: whole.subarray(0, whole.lastIndexOf(`--${b}--`)) };
        case 'deep-field':
          return { contentType: `multipart/form-data; boundary=${b}`, bytes: multipart({ [`a${'[x]'.repeat(500 + (cut % 20_000))}`]: '1', ...o }, [], b) };
        case 'header-garbage':
          return { contentType: `multipart/form-data; boundary=${b}`, bytes: Buffer.from(`--${b}\r\nContent-Disposition: form-data; name\r\nX: \u0000\r\n\r\nv\r\n--${b}--\r\n`) };
        default:
          return { contentType: `multipart/form-data; boundary=${b}`, bytes: Buffer.from(`--${b}\r\n\u0000\u0001\u0002garbage`) };
      }
    });
  const wrongContentType = fc
    .tuple(fc.constantFrom('text/plain', 'application/xml', 'image/png', 'application/octet-stream', 'text/html; charset=utf-8', 'application/x-www-form-urlencoded; charset=utf-16', 'multipart/mixed', 'application/json;;;', '*/*', 'x'), fc.uint8Array({ maxLength: 500 }))
    .map(([type, bytes]): Body => ({ contentType: type, bytes: Buffer.from(bytes) }));
  const encoded = fc
    .tuple(object, fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus', 'gzip, gzip'))
    .map(([o, encoding]): Body => ({ contentType: 'application/json', bytes: Buffer.from(JSON.stringify(o)), extraHeaders: { 'content-encoding': encoding } }));
  const none = fc.constant<Body>({});
  return fc.oneof(
    { arbitrary: json, weight: 8 },
    { arbitrary: goodMultipart, weight: op.contentTypes.includes('multipart/form-data') ? 5 : 1 },
    { arbitrary: brokenJson, weight: 2 },
    { arbitrary: brokenMultipart, weight: 2 },
    { arbitrary: urlencoded, weight: 1 },
    { arbitrary: jsonOddCharset, weight: 1 },
    { arbitrary: wrongContentType, weight: 2 },
    { arbitrary: encoded, weight: 1 },
    { arbitrary: oversized, weight: 1 },
    { arbitrary: none, weight: 1 },
  );
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Issue 12.5: dates in the right shape that do not exist (a format check such as ISO 8601 lets them through). */
export const IMPOSSIBLE_DATES = [
  '2020-02-30', '2021-02-29', '1900-02-29', '2020-04-31', '2020-13-01', '2020-00-10', '2020-01-00',
  '2020-01-01T24:00:00Z', '2020-01-01T23:60:00Z', '2020-01-01T23:59:61Z', '2020-01-01T10:00:00+25:00', '2020-W01', '2020-W53-8', '2020-366', '+002020-01-01', '-0001-01-01',
];
/** Whole numbers past what an `integer` (or `bigint`) column holds. */
export const OUT_OF_RANGE_INTEGERS = ['2147483648', '-2147483649', '99999999999', '9223372036854775808', '1e10', '1'.repeat(25)];
/** Cursors that decode (base64url of JSON) to the wrong contents, and ids too large for their column. */
export const WRONG_CURSORS = [
  cursorOf(['abc', 1]), cursorOf(['2026-01-01 00:00:00+00', 1e20]), cursorOf(['2026-01-01 00:00:00+00', 2 ** 31]), cursorOf(['2026-01-01 00:00:00+00', '1']),
  cursorOf(['2020-02-30 00:00:00+00', 1]), cursorOf(['99999999999', 1]), cursorOf([1, 'x']), cursorOf([null, null]), cursorOf({ key: 'a', number: 1 }),
  cursorOf(null), cursorOf([]), cursorOf('x'), '99999999999999999999', '-1', '1.5',
];

/** The values of a parameter that pass a format check but are not real (12.5); none for a parameter without a format. */
export function notRealValues(name: string, schema: Schema): string[] {
  if (schema.format === 'date-time' || schema.format === 'date') return IMPOSSIBLE_DATES;
  if (schema.type === 'integer' || schema.type === 'number') return OUT_OF_RANGE_INTEGERS;
  if (/cursor/i.test(name)) return WRONG_CURSORS;
  return [];
}

function queryString(op: Operation, known: KnownValues): fc.Arbitrary<string> {
  const pairs = op.query.map(({ name, schema }) =>
    fc.option(
      fc.oneof(
        fieldValue(schema, known).map((v) => `${name}=${encode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`),
        ...(notRealValues(name, schema).length ? [fc.constantFrom(...notRealValues(name, schema)).map((v) => `${name}=${encode(v)}`)] : []),
        // Repeated and bracketed keys: arrays and objects where one string is expected.
        fc.tuple(hostileString, hostileString).map(([a, b]) => `${name}=${encode(a)}&${name}=${encode(b)}`),
        hostileString.map((v) => `${name}[]=${encode(v)}&${name}[x]=1`),
        fc.constant(`${name}=%E0%A4%A`),
      ),
      { nil: '' },
    ),
  );
  const stray = fc.option(fc.constantFrom('__proto__[x]=1', 'constructor[prototype][x]=1', 'unknown=1', '&&&', '=', '%'), { nil: '' });
  return fc.tuple(fc.tuple(...pairs), stray).map(([parts, extra]) => [...parts, extra].filter(Boolean).join('&'));
}

const MAX_TARGET_LENGTH = 8_000;

export interface FuzzCase {
  op: Operation;
  request: RawRequest;
  /** The body could not be what the route reads (bytes the parsers refuse before any route runs). */
  brokenBody: boolean;
}

/**
 * One generated request to one operation. `auth` adds the headers of a
 * session (its cookie, and the CSRF token most of the time).
 */
export function fuzzCase(ops: Operation[], known: KnownValues, auth?: { cookie: string; csrf: string }): fc.Arbitrary<FuzzCase> {
  return fc.constantFrom(...ops).chain((op) =>
    fc
      .record({
        segments: fc.tuple(...op.pathParams.map((name) => pathSegment(name, known))),
        query: op.query.length ? queryString(op, known) : fc.option(fc.constantFrom('x=1', '%', 'a[b]=c'), { nil: '' }),
        body: op.method === 'GET' || op.method === 'DELETE' ? fc.oneof({ arbitrary: fc.constant<Body>({}), weight: 9 }, { arbitrary: bodyFor(op, known), weight: 1 }) : bodyFor(op, known),
        language: fc.option(headerValue, { nil: undefined }),
        headerParam: fc.option(headerValue, { nil: undefined }),
        withCsrf: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
      })
      .map(({ segments, query, body, language, headerParam, withCsrf }): FuzzCase => {
        let index = 0;
        const path = op.path.replace(/\{[^}]+\}/g, () => segments[index++] ?? '');
        const headers: Record<string, string> = { ...(body.extraHeaders ?? {}) };
        if (body.contentType !== undefined) headers['content-type'] = body.contentType;
        if (language !== undefined) headers['accept-language'] = language;
        for (const name of op.headerParams) if (headerParam !== undefined && name.toLowerCase() !== 'x-csrf-token') headers[name] = headerParam;
        if (auth) {
          headers.cookie = auth.cookie;
          if (withCsrf) headers['x-csrf-token'] = auth.csrf;
        }
        const jsonish = !body.contentType || /^application\/json$/i.test(body.contentType) || body.contentType.startsWith('multipart/form-data; boundary=');
        // Node answers a request line over its 16 KB header limit itself (431) and drops the connection: not the app's to test.
        const target = (query ? `${path}?${query}` : path).slice(0, MAX_TARGET_LENGTH);
        const c: FuzzCase = { op, request: { method: op.method, path: target, headers, body: body.bytes }, brokenBody: !jsonish || !!body.extraHeaders };
        // fast-check prints a failing case this way: short enough to read, enough to replay.
        Object.defineProperty(c, fc.toStringMethod, { value: () => describeCase(c) });
        return c;
      }),
  );
}

/** A case as a reader can replay it. */
export function describeCase(c: FuzzCase): string {
  const body = c.request.body ? ` body(${c.request.body.length} B)=${JSON.stringify(c.request.body.subarray(0, 300).toString('latin1'))}` : '';
  return `${c.request.method} ${c.request.path.slice(0, 300)} headers=${JSON.stringify({ ...c.request.headers, cookie: c.request.headers?.cookie ? '…' : undefined })}${body}`;
}
