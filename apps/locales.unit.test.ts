/**
 * Every app's words exist in both languages: the same keys, the same {{placeholders}}, no empty
 * text, and no top-level key owned by two files (features own their locales/<lang>/<name>.json).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

function load(dir: string): { words: Map<string, string>; owners: Map<string, string> } {
  const words = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const tree = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Tree;
    for (const key of Object.keys(tree)) {
      expect(owners.get(key), `top-level key "${key}" in ${file} is already in ${owners.get(key)}`).toBeUndefined();
      owners.set(key, file);
    }
    for (const [k, v] of flatten(tree)) words.set(k, v);
  }
  return { words, owners };
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

const apps = ['admin', 'mobile'].filter((app) => existsSync(join(import.meta.dirname, app, 'locales/en')));

describe.each(apps)('apps/%s locales', (app) => {
  const dir = join(import.meta.dirname, app, 'locales');
  it('Spanish and English have the same keys and placeholders, none empty', () => {
    const en = load(join(dir, 'en')).words;
    const es = load(join(dir, 'es')).words;
    expect(
      [...es.keys()].filter((k) => !en.has(k)),
      'only in Spanish',
    ).toEqual([]);
    expect(
      [...en.keys()].filter((k) => !es.has(k)),
      'missing in Spanish',
    ).toEqual([]);
    for (const [key, text] of en) {
      expect(text.trim(), `en ${key}`).not.toBe('');
      expect(es.get(key)?.trim(), `es ${key}`).not.toBe('');
      expect(placeholders(es.get(key) ?? ''), `placeholders of ${key}`).toEqual(placeholders(text));
    }
  });
});
