export const operatorTranslators = {};
export function registerOperator(kind, t) {
    operatorTranslators[kind] = t;
}
