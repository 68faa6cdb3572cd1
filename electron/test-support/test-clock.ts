/**
 * "Now" for every test: data generated relative to a day (the demo's week, its incident five hours
 * before now) reads the same on any day the suite runs. CLI and web-mode processes get it through
 * LOGDESK_NOW; in-process engines through testPlatform().
 */
// Not on the hour, as a real "now" seldom is (a 24 h range then has partial first and last hours).
export const TEST_NOW = Date.parse('2026-11-25T15:07:00.000Z');
export const TEST_NOW_ISO = new Date(TEST_NOW).toISOString();
