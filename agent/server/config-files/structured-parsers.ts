import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { Document, parseDocument } from 'yaml';
import type { ConfigReplacement } from '../../../contracts/index.ts';
import { expandKey, getPath, sameText, setPath, typedValue } from './key-path.ts';

/**
 * The parsers for files with a tree inside (json, yaml, xml). Each reads the text (empty for
 * a file that does not exist yet), applies every replacement at every path its key names,
 * and writes the text back. A file that does not parse is an error naming the parser: it is
 * never overwritten with something else.
 */

function applyToTree(root: Record<string, unknown>, replacements: readonly ConfigReplacement[]): void {
  for (const { match, value, ifValue } of replacements) {
    for (const path of expandKey(root, match)) {
      if (ifValue !== undefined && !sameText(getPath(root, path), ifValue)) continue;
      setPath(root, path, typedValue(value));
    }
  }
}

function asRoot(parsed: unknown, parser: string): Record<string, unknown> {
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`the ${parser} file does not hold an object at its top`);
  return parsed as Record<string, unknown>;
}

export function patchJson(text: string, replacements: readonly ConfigReplacement[]): string {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const root = asRoot(parsed, 'json');
  applyToTree(root, replacements);
  return `${JSON.stringify(root, null, 2)}\n`;
}

/** YAML through its document model, so comments and layout the game's authors wrote survive. */
export function patchYaml(text: string, replacements: readonly ConfigReplacement[]): string {
  const doc = text.trim() === '' ? new Document({}) : parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const plain = asRoot(doc.toJS(), 'yaml');
  for (const { match, value, ifValue } of replacements) {
    for (const path of expandKey(plain, match)) {
      if (ifValue !== undefined && !sameText(getPath(plain, path), ifValue)) continue;
      doc.setIn(path, typedValue(value));
      setPath(plain, path, typedValue(value));
    }
  }
  return doc.toString();
}

const XML_OPTIONS = { ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, commentPropName: '#comment' };

/** XML keys are element paths; `@name` as the last segment addresses an attribute. */
export function patchXml(text: string, replacements: readonly ConfigReplacement[]): string {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : new XMLParser(XML_OPTIONS).parse(text, true);
  } catch (error) {
    throw new Error(`not valid XML: ${(error as Error).message}`, { cause: error });
  }
  const root = asRoot(parsed, 'xml');
  for (const { match, value, ifValue } of replacements) {
    for (const path of expandKey(root, match)) {
      if (ifValue !== undefined && !sameText(getPath(root, path), ifValue)) continue;
      setPath(root, path, value);
    }
  }
  return `${new XMLBuilder({ ...XML_OPTIONS, format: true, suppressEmptyNode: false }).build(root) as string}`;
}
