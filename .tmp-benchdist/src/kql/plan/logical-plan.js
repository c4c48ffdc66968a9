import { describeExpr } from './expr.js';
export function inputsOf(p) {
    switch (p.kind) {
        case 'extension':
            return [...p.inputs];
        case 'scan':
        case 'values':
        case 'range':
            return [];
        case 'union':
            return [...p.inputs];
        case 'join':
            return [p.left, p.right];
        default:
            return [p.input];
    }
}
/** One line describing the node itself (children are printed by `explainLogical`). */
export function describeLogical(p) {
    const cols = (s) => s.map((f) => `${f.name}:${f.type}`).join(', ');
    switch (p.kind) {
        case 'scan':
            return `Scan ${p.table}`;
        case 'values':
            return `Values rows=${p.rows.length} (${cols(p.schema)})`;
        case 'range':
            return `Range ${p.schema[0].name} from ${describeExpr(p.from)} to ${describeExpr(p.to)} step ${describeExpr(p.step)}`;
        case 'filter':
            return `Filter ${describeExpr(p.predicate)}`;
        case 'project':
            return `Project[${p.origin}] ${p.columns.map((c) => (c.expr.kind === 'column' && c.expr.name === c.name ? c.name : `${c.name}=${describeExpr(c.expr)}`)).join(', ')}`;
        case 'summarize':
            return `Summarize[${p.origin}] ${p.aggregates.map((a) => `${a.outputs.map((o) => o.name).join(',')}=${a.fn}(${a.args.map(describeExpr).join(', ')})`).join(', ')} by ${p.keys.map((k) => (k.expr.kind === 'column' && k.expr.name === k.name ? k.name : `${k.name}=${describeExpr(k.expr)}`)).join(', ')}`;
        case 'sort':
            return `Sort ${describeKeys(p.keys)}`;
        case 'take':
            return `Take ${describeExpr(p.count)}`;
        case 'top':
            return `Top ${describeExpr(p.count)} by ${describeKeys(p.keys)}`;
        case 'union':
            return `Union${p.source ? ` withsource=${p.source.name}` : ''} (${cols(p.schema)})`;
        case 'join':
            return `${p.origin === 'lookup' ? 'Lookup' : 'Join'} kind=${p.joinKind} on ${p.leftKeys.map((k, i) => `${describeExpr(k)} == ${describeExpr(p.rightKeys[i])}`).join(', ')}`;
        case 'mvexpand':
            return `MvExpand ${p.expand.map((e) => `${e.name}=${describeExpr(e.expr)} to ${e.type}`).join(', ')}${p.limit !== null ? ` limit ${p.limit}` : ''}`;
        case 'getschema':
            return 'GetSchema';
        case 'shared':
            return `Shared #${p.id} ${p.name}`;
        case 'render':
            return `Render ${p.visualization}`;
        case 'serialize':
            return 'Serialize';
        case 'sample':
            return `Sample ${describeExpr(p.count)}`;
        case 'extension':
            return p.describe;
    }
}
function describeKeys(keys) {
    return keys.map((k) => `${describeExpr(k.expr)} ${k.ascending ? 'asc' : 'desc'} nulls ${k.nullsFirst ? 'first' : 'last'}`).join(', ');
}
export function explainLogical(p, indent = '') {
    const lines = [`${indent}${describeLogical(p)}  -> (${p.schema.map((f) => `${f.name}:${f.type}`).join(', ')})`];
    if (p.kind !== 'shared' || indent.length < 40)
        for (const c of inputsOf(p))
            lines.push(explainLogical(c, indent + '  '));
    return lines.join('\n');
}
