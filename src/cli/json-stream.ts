/**
 * JSON.stringify(value, null, 2), written piece by piece: a national-scale result (millions of
 * lines) is larger than the longest string the runtime can hold. Output is byte-identical.
 */
export function writeJson(value: unknown, write: (s: string) => void): void {
  let buffer = '';
  const out = (s: string) => {
    buffer += s;
    if (buffer.length > 1 << 16) {
      write(buffer);
      buffer = '';
    }
  };
  emit(value, '', out);
  out('\n');
  write(buffer);
}

type Out = (s: string) => void;

const skipped = (x: unknown) => x === undefined || typeof x === 'function' || typeof x === 'symbol';

function emitArray(v: unknown[], indent: string, out: Out): void {
  if (v.length === 0) {
    out('[]');
    return;
  }
  const inner = `${indent}  `;
  out('[\n');
  v.forEach((x, i) => {
    out(inner);
    if (skipped(x)) out('null');
    else emit(x, inner, out);
    out(i < v.length - 1 ? ',\n' : '\n');
  });
  out(`${indent}]`);
}

function emitObject(v: object, indent: string, out: Out): void {
  const entries = Object.entries(v).filter(([, x]) => !skipped(x));
  if (entries.length === 0) {
    out('{}');
    return;
  }
  const inner = `${indent}  `;
  out('{\n');
  entries.forEach(([k, x], i) => {
    out(`${inner}${JSON.stringify(k)}: `);
    emit(x, inner, out);
    out(i < entries.length - 1 ? ',\n' : '\n');
  });
  out(`${indent}}`);
}

function emit(value: unknown, indent: string, out: Out): void {
  const v =
    value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
      ? (value as { toJSON: () => unknown }).toJSON()
      : value;
  if (Array.isArray(v)) emitArray(v, indent, out);
  else if (v !== null && typeof v === 'object') emitObject(v, indent, out);
  else out(JSON.stringify(v) ?? 'null');
}
