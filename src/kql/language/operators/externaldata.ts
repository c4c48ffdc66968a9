/**
 * `externaldata (col:type, ...) [ "url", ... ] [with (format=..., ignoreFirstRecord=...)]`: a source whose schema
 * the query declares and whose rows come from external artifacts. The URLs are recorded in the node's params; the
 * engine fetches them through its resolver before running (see kql/external/).
 */
import { KqlError, unsupported } from '../../errors.js';
import { EXTERNALDATA, type ExternalDataParams } from '../../external/plan.js';
import type { ExtensionNode } from '../../plan/logical-plan.js';
import type { KNode } from '../kusto.js';
import type { TranslatorApi } from './api.js';
import { registerSource } from './index.js';

/** Properties this engine reads; `ingestionMapping` and the like would change the result, so they are refused. */
const PROPERTIES = new Set(['format', 'ignorefirstrecord']);

function constantString(node: KNode, api: TranslatorApi, what: string): string {
  if (node.IsConstant && typeof node.ConstantValue === 'string') return node.ConstantValue;
  const e = api.scalar(node);
  if (e.kind === 'literal' && typeof e.value === 'string') return e.value;
  throw new KqlError('semantic', `externaldata: the ${what} must be a constant string`);
}

/** A `with (...)` property value: an identifier (format=csv), a string, or a bool. */
function propertyValue(node: KNode, api: TranslatorApi): string | boolean {
  const kind = api.kindName(node);
  if (kind === 'NameDeclaration' || kind === 'NameReference') return String(node.SimpleName);
  if (node.IsConstant) {
    const v = node.ConstantValue;
    if (typeof v === 'boolean' || typeof v === 'string') return v;
  }
  const e = api.scalar(node);
  if (e.kind === 'literal' && (typeof e.value === 'boolean' || typeof e.value === 'string')) return e.value;
  throw new KqlError('semantic', 'externaldata: a property value must be a constant');
}

registerSource('ExternalDataExpression', (node, api): ExtensionNode => {
  if (node.Parameters && api.elements(node.Parameters).length > 0) throw unsupported('externaldata parameters before the schema');
  const urls = api.elements(node.URIs).map((u) => constantString(u, api, 'storage connection string'));
  let format: string | null = null;
  let ignoreFirstRecord = false;
  if (node.WithClause) {
    for (const p of api.elements(node.WithClause.Properties)) {
      const name = String(p.Name.SimpleName);
      const key = name.toLowerCase();
      if (!PROPERTIES.has(key)) throw unsupported(`externaldata property '${name}'`);
      const v = propertyValue(p.Expression, api);
      if (key === 'format') format = String(v);
      else ignoreFirstRecord = v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
    }
  }
  const params: ExternalDataParams = { urls, format, ignoreFirstRecord };
  const schema = api.resultSchema(node);
  const shown = urls.map((u) => u.replace(/\?.*$/, '?...')).join(', ');
  return Object.freeze({
    kind: 'extension',
    name: EXTERNALDATA,
    inputs: [],
    exprs: [],
    params,
    describe: `ExternalData [${shown}]${format ? ` format=${format}` : ''}${ignoreFirstRecord ? ' ignoreFirstRecord' : ''}`,
    schema,
  });
});
