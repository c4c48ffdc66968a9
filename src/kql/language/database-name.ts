/** The name of the one database the engine binds queries against; current_database() returns it. */
export const DATABASE_NAME = 'edgewatch';
