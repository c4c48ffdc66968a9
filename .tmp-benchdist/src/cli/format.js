function cellText(v) {
    if (v === null || v === undefined)
        return '';
    if (typeof v === 'string')
        return v;
    if (typeof v === 'object')
        return JSON.stringify(v);
    return String(v);
}
export function formatTable(r, maxWidth = 60) {
    const header = r.columns.map((c) => c.name);
    const cells = r.rows.map((row) => row.map((v) => {
        const s = cellText(v).replace(/\n/g, '\\n');
        return s.length > maxWidth ? s.slice(0, maxWidth - 1) + '…' : s;
    }));
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
    const numeric = r.columns.map((c) => c.type === 'int' || c.type === 'long' || c.type === 'real');
    const line = (vals) => vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
    const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
    for (const row of cells)
        out.push(line(row));
    return out.join('\n');
}
function csvField(s) {
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export function formatCsv(r) {
    const lines = [r.columns.map((c) => csvField(c.name)).join(',')];
    for (const row of r.rows)
        lines.push(row.map((v) => csvField(cellText(v))).join(','));
    return lines.join('\n');
}
export function formatJson(r) {
    return JSON.stringify({ columns: r.columns, rows: r.rows });
}
export function formatResult(r, format) {
    switch (format) {
        case 'json':
            return formatJson(r);
        case 'csv':
            return formatCsv(r);
        default:
            return formatTable(r);
    }
}
