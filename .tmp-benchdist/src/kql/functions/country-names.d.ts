/**
 * ISO 3166-1 alpha-2 code -> English country name, as geo_info_from_ip_address reports it.
 *
 * Why a table: the DB-IP city database this engine ships only stores the ISO code, while Kusto (which uses
 * MaxMind GeoLite2-City) reports the English name ("United States", "Australia"). The names follow
 * GeoLite2's English names where they differ from ISO's short names (e.g. "South Korea", "DR Congo",
 * "Hashemite Kingdom of Jordan"). XK (Kosovo) is a user-assigned code that both databases use.
 */
export declare const COUNTRY_NAMES: Readonly<Record<string, string>>;
