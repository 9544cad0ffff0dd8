import { deflateRawSync } from 'node:zlib';
import { makeSignatureFixtures, SIGNATURE_INSPECTOR_PACKAGE } from '../../apps/api/src/testing/signature-fixtures';
import { eventually } from '../support/smtp-capture';
import { startApiProcess, StartedApi } from '../support/api-process';
import { seededRandom } from '../support/seeded-random';

/**
 * Issue 20 under attack: malformed signatures and containers uploaded on the portal to the built API
 * with the e-signature inspector on. ASN.1 nested 100 000 deep (indefinite and definite lengths), lengths
 * of 4 GB declared in a few bytes, truncated and bit-flipped real signatures, a zip bomb and a zip whose
 * directory lies: every upload is accepted, every file ends with a stored outcome (a report or a failure
 * with a reason), and the process lives and answers.
 */
jest.setTimeout(6 * 60_000);

const participant = { name: 'Тестовий контрагент', email: 'hostile@client.test', subject: 'Підписані файли', message: 'Файли з КЕП.' };

/** SEQUENCEs nested `depth` deep with definite lengths: each header is made from the inside out, joined once. */
function nestedDefinite(depth: number): Buffer {
  const headers: Buffer[] = [];
  let length = 2;
  for (let i = 0; i < depth; i++) {
    const header = length < 0x80 ? Buffer.from([0x30, length]) : length < 0x10000 ? Buffer.from([0x30, 0x82, length >> 8, length & 0xff]) : Buffer.from([0x30, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]);
    headers.push(header);
    length += header.length;
  }
  return Buffer.concat([...headers.reverse(), Buffer.from([0x05, 0x00])]);
}

function zipOf(name: string, method: number, data: Buffer, size: number, count = 1): Buffer {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(method, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(method, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const directoryOffset = 30 + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(46 + nameBytes.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

describe('malformed signatures and containers through the portal (issue 20)', () => {
  let api: StartedApi;

  beforeAll(async () => {
    api = await startApiProcess({
      PLUGINS: SIGNATURE_INSPECTOR_PACKAGE,
      ATTACHMENT_INSPECTORS: 'signatures',
      ATTACHMENT_MAX_COUNT: '5',
      ATTACHMENT_EXTENSIONS: 'pdf,p7s,asice',
      ATTACHMENT_MAX_BYTES: String(4 * 1024 * 1024),
      SIGNATURE_MAX_BYTES: String(4 * 1024 * 1024),
      OUTBOX_WORKER_ENABLED: 'true',
      EVENT_POLL_MS: '100',
      LOG_LEVEL: 'warn',
    });
  }, 120_000);
  afterAll(() => api?.stop());

  it('stores an outcome for every file, and the process lives', async () => {
    const { rsaAttached, asice } = await makeSignatureFixtures();
    const next = seededRandom(20_261_205);
    const files: [string, Buffer][] = [
      ['deep-indefinite.p7s', Buffer.from(Buffer.alloc(200_000).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80)))],
      ['deep-definite.p7s', nestedDefinite(100_000)],
      ['huge-length.p7s', Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xf0, 0x06, 0x09, 0x2a])],
      ['huge-inner-length.p7s', Buffer.from('3013060a2a864886f70d010702a0847fffffff3084ffffffff', 'hex')],
      ['long-form-length.p7s', Buffer.from([0x30, 0xfe, ...Buffer.alloc(126, 0xff)])],
      ['empty.p7s', Buffer.alloc(0)],
      ['zip-bomb.asice', zipOf('dogovir.pdf', 8, deflateRawSync(Buffer.alloc(64 * 1024 * 1024)), 64 * 1024 * 1024)],
      ['zip-lies.asice', zipOf('META-INF/signature.p7s', 0, Buffer.from('x'), 1, 65_535)],
      ['truncated-asice.asice', asice.subarray(0, asice.length - 30)],
    ];
    for (let i = 0; i < 12; i++) files.push([`truncated-${i}.p7s`, rsaAttached.subarray(0, Math.floor(next() * rsaAttached.length))]);
    for (let i = 0; i < 12; i++) {
      const flipped = Buffer.from(rsaAttached);
      for (let j = 0; j < 1 + Math.floor(next() * 8); j++) flipped[Math.floor(next() * flipped.length)] ^= 1 << Math.floor(next() * 8);
      files.push([`flipped-${i}.p7s`, flipped]);
    }

    for (let start = 0; start < files.length; start += 5) {
      const form = new FormData();
      for (const [key, value] of Object.entries(participant)) form.append(key, value);
      for (const [name, content] of files.slice(start, start + 5)) form.append('attachments', new Blob([new Uint8Array(content)]), name);
      const response = await fetch(`${api.url}/api/tickets`, { method: 'POST', body: form });
      expect({ status: response.status, body: response.status === 201 ? '' : await response.text() }).toEqual({ status: 201, body: '' });
    }

    const outcomes = await eventually('an outcome for every file', async () => {
      const rows = await api.query<{ filename: string; status: string; error: string | null }>(
        `SELECT a.filename, i.status, i.error FROM attachments a JOIN attachment_inspections i ON i.attachment_id = a.id`,
      );
      return rows.length === files.length ? rows : undefined;
    }, 120_000);
    const byName = new Map(outcomes.map((row) => [row.filename, row]));
    for (const name of ['deep-indefinite.p7s', 'deep-definite.p7s', 'huge-length.p7s', 'huge-inner-length.p7s', 'empty.p7s', 'zip-bomb.asice', 'zip-lies.asice']) {
      expect(byName.get(name)).toMatchObject({ status: 'failed', error: expect.any(String) });
    }
    // A flipped bit may leave a signature readable (then its verdict says what broke), never without an outcome.
    expect(outcomes.every((row) => row.status === 'done' || (row.status === 'failed' && row.error))).toBe(true);
    expect(api.running).toBe(true);
    expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
  });
});
