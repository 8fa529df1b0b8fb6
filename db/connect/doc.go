// Package connect opens a GORM connection from a database URL: it parses
// and checks the URL (ParseURL, which tells the dialect.Dialect), redacts
// its password for errors and logs (RedactURL), and opens and pings the
// connection (Open) with the settings the migrator relies on (UTC
// timestamps, SQLite's foreign keys, busy timeout (10 s, or the URL's
// busy_timeout=), WAL and BEGIN IMMEDIATE). Dialector gives GORM's dialector for a dialect, bound to no
// database, for the model reader (gormschema), which imports no driver.
// It is generic: an application chooses its default URL.
package connect
