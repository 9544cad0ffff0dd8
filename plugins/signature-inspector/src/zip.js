'use strict';
// The few lines of a zip reader an ASiC-E container needs (no zip library is installed): the central
// directory, stored and deflated entries, within a budget of entries and inflated bytes, so a zip bomb
// ends as an error rather than as the worker's memory.
const { inflateRawSync } = require('node:zlib');

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 1000;

class ZipError extends Error {}

function readZip(buffer, { maxTotalBytes }) {
  const eocd = findEndOfCentralDirectory(buffer);
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  if (count > MAX_ENTRIES) throw new ZipError(`more than ${MAX_ENTRIES} entries`);
  const entries = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL) throw new ZipError('broken central directory');
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const size = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    offset += 46 + nameLength + extraLength + commentLength;
    total += size;
    if (total > maxTotalBytes) throw new ZipError(`entries larger than ${maxTotalBytes} bytes in all`);
    if (name.endsWith('/')) continue;
    entries.push({ name, read: () => readEntry(buffer, localOffset, method, compressedSize, size) });
  }
  return entries;
}

function findEndOfCentralDirectory(buffer) {
  // The record is 22 bytes plus a comment of at most 65535.
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD) return i;
  }
  throw new ZipError('not a zip file');
}

function readEntry(buffer, localOffset, method, compressedSize, size) {
  if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL) throw new ZipError('broken local header');
  const start = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
  const data = buffer.subarray(start, start + compressedSize);
  if (data.length !== compressedSize) throw new ZipError('entry beyond the end of the file');
  if (method === 0) return data;
  if (method === 8) return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
  throw new ZipError(`compression method ${method} not supported`);
}

module.exports = { readZip, ZipError };
