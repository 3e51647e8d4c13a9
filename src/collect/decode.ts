import { TextDecoder } from 'node:util';
/** Turns a file's bytes into text, or says why it cannot be analysed. */
export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const utf16le = new TextDecoder('utf-16le', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });

export function decodeSource(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith(utf16le, bytes.subarray(2), 'UTF-16LE');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith(utf16be, bytes.subarray(2), 'UTF-16BE');
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { ok: false, reason: `binary content (NUL byte at offset ${nul})` };
  try {
    // The decoder drops a UTF-8 byte order mark itself.
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, reason: `invalid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(bytes)})` };
  }
}

function decodeWith(decoder: TextDecoder, bytes: Uint8Array, name: string): DecodeResult {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, reason: `invalid ${name} text` };
  }
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    try {
      utf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return i;
}

/** Minified or generated code: very long lines carrying most of the text. */
export function looksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  let longest = 0;
  let lines = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    longest = Math.max(longest, end - start);
    lines++;
    start = end + 1;
  }
  return longest > 2000 && text.length / lines > 300;
}
