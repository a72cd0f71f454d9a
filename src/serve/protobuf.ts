/**
 * Just enough of the Kubernetes protobuf encoding to read an access review that kubectl or k9s POSTs as
 * `application/vnd.kubernetes.protobuf`: the `k8s\0` envelope (runtime.Unknown) and plain field walking. Bodies are
 * untrusted: every length is checked against what is left, and anything malformed reads as "no fields".
 */

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export type Fields = Map<number, Buffer[]>;

function varint(bytes: Buffer, start: number): [number, number] | undefined {
  let value = 0;
  let shift = 0;
  // At most 10 bytes: the longest varint a 64-bit value needs.
  for (const [offset, byte] of bytes.subarray(start, start + 10).entries()) {
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, start + offset + 1];
  }
  return undefined;
}

/** The length-delimited fields of one message by number (repeated ones in order); other wire types are skipped. */
export function fields(bytes: Buffer): Fields {
  const found: Fields = new Map();
  let position = 0;
  while (position < bytes.length) {
    const tag = varint(bytes, position);
    if (!tag) break;
    const [key, afterTag] = tag;
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      const skipped = varint(bytes, afterTag);
      if (!skipped) break;
      position = skipped[1];
    } else if (wire === 2) {
      const length = varint(bytes, afterTag);
      if (!length || length[1] + length[0] > bytes.length) break;
      const list = found.get(field) ?? [];
      list.push(bytes.subarray(length[1], length[1] + length[0]));
      found.set(field, list);
      position = length[1] + length[0];
    } else if (wire === 1) {
      position = afterTag + 8;
    } else if (wire === 5) {
      position = afterTag + 4;
    } else {
      break;
    }
  }
  return found;
}

export function text(found: Fields, field: number): string {
  return found.get(field)?.[0]?.toString('utf8') ?? '';
}

export function message(found: Fields, field: number): Fields {
  const bytes = found.get(field)?.[0];
  return bytes ? fields(bytes) : new Map<number, Buffer[]>();
}

/** The object inside a `k8s\0` envelope (runtime.Unknown field 2, `raw`), or undefined when it is not one. */
export function unwrap(body: Buffer): Buffer | undefined {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  return fields(body.subarray(MAGIC.length)).get(2)?.[0];
}
