/** Small helper for the common case of a function that ignores its call site. */
export function fn(name, row, volatile = false) {
    return { name, volatile, bind: () => row };
}
