import { KqlError, unsupported } from '../errors.js';
import { formatTimespan, parseTimespan, parseTimespanLiteral } from '../data/timespan.js';
import { formatDatetimeTostring, parseDatetime } from '../data/datetime.js';
import { kindName } from './kusto.js';
function tokenText(node) {
    const t = node.Token ?? node;
    return String(t.Text ?? t.toString()).trim();
}
/** `datetime(2020-01-01)` -> `2020-01-01`; `datetime("x")` -> `x`; a bare literal stays as it is. */
function inner(text) {
    const open = text.indexOf('(');
    if (open < 0 || !text.endsWith(')'))
        return null;
    let s = text.slice(open + 1, -1).trim();
    if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))
        s = s.slice(1, -1);
    return s;
}
export function literalValue(node, type) {
    const kind = kindName(node);
    if (kind === 'NullLiteralExpression')
        return null;
    if (kind === 'StringLiteralExpression' || kind === 'CompoundStringLiteralExpression') {
        return String(node.LiteralValue ?? '');
    }
    if (kind === 'DynamicExpression')
        return dynamicLiteral(node);
    if (!node.IsLiteral && node.IsConstant)
        return constantValue(node.ConstantValue, type);
    const text = tokenText(node);
    const lower = text.toLowerCase();
    if (/\(\s*null\s*\)$/.test(lower))
        return null;
    switch (type) {
        case 'bool': {
            const v = node.LiteralValue;
            if (v === null || v === undefined)
                return null;
            return Boolean(v.valueOf());
        }
        case 'int': {
            const v = node.LiteralValue;
            return v === null || v === undefined ? null : Number(v.valueOf());
        }
        case 'long': {
            const v = node.LiteralValue;
            if (v === null || v === undefined)
                return null;
            return BigInt(v.toString());
        }
        case 'real': {
            const special = /^real\(\s*([+-]?inf|nan)\s*\)$/i.exec(text);
            if (special) {
                const w = special[1].toLowerCase();
                return w === 'nan' ? NaN : w.startsWith('-') ? -Infinity : Infinity;
            }
            const v = node.LiteralValue;
            if (v === null || v === undefined)
                return null;
            return Number(v.valueOf());
        }
        case 'datetime': {
            const s = inner(text);
            if (s === null)
                throw new KqlError('semantic', `bad datetime literal ${text}`);
            if (s === '')
                throw unsupported('datetime() without a value');
            const t = parseDatetime(s);
            if (t === null)
                throw new KqlError('semantic', `bad datetime literal ${text}`);
            return t;
        }
        case 'timespan': {
            const s = inner(text);
            const t = s === null ? parseTimespanLiteral(text) : (parseTimespanLiteral(s) ?? parseTimespan(s));
            if (t === null)
                throw new KqlError('semantic', `bad timespan literal ${text}`);
            return t;
        }
        case 'guid': {
            const s = inner(text) ?? text;
            return s.toLowerCase();
        }
        case 'string':
            return String(node.LiteralValue ?? '');
        default:
            throw unsupported(`${type} literal ${text}`);
    }
}
function constantValue(v, type) {
    if (v === null || v === undefined)
        return null;
    // Bridge boxes: Int64 has toString; Date-like and TimeSpan have ticks.
    const any = v;
    switch (type) {
        case 'long':
            return BigInt(any.toString());
        case 'int':
        case 'real':
            return Number(any.valueOf());
        case 'bool':
            return Boolean(any.valueOf());
        case 'string':
            return String(any);
        case 'timespan':
            if (any.ticks)
                return BigInt(any.ticks.toString());
            break;
        default:
            break;
    }
    throw unsupported(`constant of type ${type}`);
}
/** `dynamic(...)`: walks the literal's syntax (JSON with Kusto extensions: single quotes, typed literals). */
function dynamicLiteral(node) {
    return jsonValue(node.Expression);
}
function jsonValue(node) {
    if (!node)
        return null;
    const kind = kindName(node);
    switch (kind) {
        case 'JsonArrayExpression': {
            const out = [];
            for (const e of toList(node.Values))
                out.push(jsonValue(e.Element ?? e));
            return out;
        }
        case 'JsonObjectExpression': {
            const out = {};
            for (const e of toList(node.Pairs)) {
                const pair = e.Element ?? e;
                out[jsonKey(pair.Name)] = jsonValue(pair.Value);
            }
            return out;
        }
        case 'DynamicExpression':
            return jsonValue(node.Expression);
        case 'NullLiteralExpression':
            return null;
        case 'StringLiteralExpression':
        case 'CompoundStringLiteralExpression':
            return String(node.LiteralValue ?? '');
        case 'BooleanLiteralExpression':
            return node.LiteralValue === null || node.LiteralValue === undefined ? null : Boolean(node.LiteralValue.valueOf());
        case 'LongLiteralExpression':
        case 'IntLiteralExpression': {
            const v = literalValue(node, kind === 'IntLiteralExpression' ? 'int' : 'long');
            if (typeof v === 'bigint')
                return Number.isSafeInteger(Number(v)) ? Number(v) : v;
            return v;
        }
        case 'RealLiteralExpression':
            return literalValue(node, 'real');
        case 'DateTimeLiteralExpression': {
            // A datetime held in a dynamic value prints in tostring's 7-digit form.
            const t = literalValue(node, 'datetime');
            return t === null ? null : formatDatetimeTostring(t);
        }
        case 'TimespanLiteralExpression': {
            const t = literalValue(node, 'timespan');
            return t === null ? null : formatTimespan(t);
        }
        case 'GuidLiteralExpression':
            return literalValue(node, 'guid');
        case 'UnaryMinusExpression': {
            const v = jsonValue(node.Expression);
            if (typeof v === 'number')
                return -v;
            if (typeof v === 'bigint')
                return -v;
            break;
        }
        default:
            break;
    }
    throw unsupported(`dynamic literal element ${String(node.toString?.() ?? kind).trim()}`);
}
function jsonKey(tok) {
    const text = String(tok.Text ?? tok.ValueText ?? '');
    const v = tok.ValueText;
    if (typeof v === 'string' && v !== '')
        return v;
    if ((text.startsWith('"') && text.endsWith('"')) || (text.startsWith("'") && text.endsWith("'"))) {
        const inner = text.slice(1, -1);
        try {
            return JSON.parse(`"${inner.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
        }
        catch {
            return inner;
        }
    }
    return text;
}
function toList(list) {
    if (!list)
        return [];
    const out = [];
    for (let i = 0; i < list.Count; i++)
        out.push(list.getItem(i));
    return out;
}
/** JSON, keeping integers beyond 2^53 exact as bigint. */
export function parseDynamicText(text) {
    if (text.trim() === '' || text.trim() === 'null')
        return null;
    if (!/\d{16,}/.test(text))
        return JSON.parse(text);
    return JSON.parse(text, (_k, value, ctx) => {
        if (typeof value === 'number' && ctx?.source && /^-?\d+$/.test(ctx.source) && !Number.isSafeInteger(value))
            return BigInt(ctx.source);
        return value;
    });
}
