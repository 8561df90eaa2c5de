-- Runs once when the PostgreSQL volume is created: Homeward's registry gets its own database and role.
-- Temporal's databases (temporal, temporal_visibility) are created by the temporal-schema service.
\set homeward_password `echo "$HOMEWARD_DB_PASSWORD"`
CREATE ROLE homeward LOGIN PASSWORD :'homeward_password';
CREATE DATABASE homeward OWNER homeward;
