/**
 * Issue 15: some clients (and scripts) still send a file uuencoded inside the
 * text part ("begin 644 report.csv" … "end"). Such a block is a file, not
 * text: it becomes an attachment and leaves the text. A block that does not
 * decode cleanly stays text, so nothing the participant wrote is lost.
 * One pass over the lines; patterns only on short lines.
 */

const BEGIN = /^begin ([0-7]{3,4}) ([^\r\n]{1,255})$/;
const MAX_LINE = 300;

export interface UuencodedFile {
  filename: string;
  content: Buffer;
}

/** One uuencoded line's bytes, or null when the line is not one. */
function decodeLine(line: string): Buffer | null {
  if (line.length === 0) return null;
  const length = (line.charCodeAt(0) - 32) & 63;
  const needed = Math.ceil(length / 3) * 4;
  if (line.length - 1 < needed) return null;
  const out = Buffer.alloc(Math.ceil(length / 3) * 3);
  for (let i = 0, o = 0; i < needed; i += 4, o += 3) {
    const c: number[] = [];
    for (let k = 1; k <= 4; k++) {
      const code = line.charCodeAt(i + k);
      if (code < 0x20 || code > 0x60) return null;
      c.push((code - 32) & 63);
    }
    out[o] = (c[0] << 2) | (c[1] >> 4);
    out[o + 1] = ((c[1] & 15) << 4) | (c[2] >> 2);
    out[o + 2] = ((c[2] & 3) << 6) | c[3];
  }
  return out.subarray(0, length);
}

/** The text without its uuencoded blocks, and those blocks as files. */
export function extractUuencoded(text: string): { text: string; files: UuencodedFile[] } {
  if (!text.includes('begin ')) return { text, files: [] };
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  const files: UuencodedFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = lines[i].length <= MAX_LINE ? BEGIN.exec(lines[i].trimEnd()) : null;
    if (!begin) {
      kept.push(lines[i]);
      continue;
    }
    const chunks: Buffer[] = [];
    let j = i + 1;
    let ended = false;
    for (; j < lines.length; j++) {
      const line = lines[j].trimEnd();
      if (line === 'end') {
        ended = true;
        break;
      }
      if (line === '`' || line === ' ' || line === '') continue;
      const bytes = line.length <= MAX_LINE ? decodeLine(line) : null;
      if (!bytes) break;
      chunks.push(bytes);
    }
    if (!ended) {
      kept.push(lines[i]);
      continue;
    }
    const filename = begin[2].trim().split(/[\\/]/).pop() || 'attachment';
    files.push({ filename, content: Buffer.concat(chunks) });
    i = j;
  }
  return { text: files.length ? kept.join('\n') : text, files };
}
