const planners = new Map();
export function registerExtension(name, planner) {
    planners.set(name, planner);
}
export function getExtension(name) {
    return planners.get(name);
}
