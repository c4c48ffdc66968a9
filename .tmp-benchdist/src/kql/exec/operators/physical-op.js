export function explainPhysical(op, indent = '') {
    return [`${indent}${op.describe()}`, ...op.children.map((c) => explainPhysical(c, indent + '  '))].join('\n');
}
