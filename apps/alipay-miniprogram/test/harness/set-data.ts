/**
 * `setData` path semantics: each key of a patch is a path into `this.data`,
 * `'a'`, `'a.b'`, `'list[0].x'` or `'grid[1][2]'`; the value replaces what is
 * there (objects are not merged). Missing containers on the way are created:
 * an array before an index, an object before a name.
 */

export type PathSegment = string | number;

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function isIndex(text: string): boolean {
  if (text === '') return false;
  for (const ch of text) if (!isDigit(ch)) return false;
  return true;
}

function unquote(text: string): string {
  const first = text.charAt(0);
  if (text.length >= 2 && (first === '"' || first === "'") && text.charAt(text.length - 1) === first) {
    return text.slice(1, -1);
  }
  return text;
}

/**
 * Splits a setData key into segments.
 *
 * @example
 * ```ts
 * parseDataPath('list[0].x'); // ['list', 0, 'x']
 * ```
 */
export function parseDataPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let name = '';
  let index = 0;
  const pushName = (): void => {
    if (name !== '') segments.push(name);
    name = '';
  };
  while (index < path.length) {
    const ch = path.charAt(index);
    if (ch === '.') {
      pushName();
      index += 1;
    } else if (ch === '[') {
      pushName();
      const close = path.indexOf(']', index);
      const inner = (close === -1 ? path.slice(index + 1) : path.slice(index + 1, close)).trim();
      segments.push(isIndex(inner) ? Number(inner) : unquote(inner));
      index = close === -1 ? path.length : close + 1;
    } else {
      name += ch;
      index += 1;
    }
  }
  pushName();
  return segments;
}

/** Sets `value` at `path` inside `target`, creating containers as needed. */
export function setAtPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = parseDataPath(path);
  const last = segments[segments.length - 1];
  if (last === undefined) return;
  // Arrays and objects alike: Reflect works on both without pretending one is the other.
  let container: object = target;
  for (let i = 0; i < segments.length - 1; i += 1) {
    const segment = segments[i];
    if (segment === undefined) return;
    const existing: unknown = Reflect.get(container, segment);
    if (typeof existing === 'object' && existing !== null) {
      container = existing;
    } else {
      const created: object = typeof segments[i + 1] === 'number' ? [] : {};
      Reflect.set(container, segment, created);
      container = created;
    }
  }
  Reflect.set(container, last, value);
}

/** Applies a whole setData patch, in key order. */
export function applyDataPatch(target: Record<string, unknown>, patch: Readonly<Record<string, unknown>>): void {
  for (const key of Object.keys(patch)) setAtPath(target, key, patch[key]);
}
