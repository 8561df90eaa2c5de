-- Runs once when the PostgreSQL volume is created: Homeward's registry and Keycloak each get a database and role.
-- Temporal's databases (temporal, temporal_visibility) are created by the temporal-schema service.
\set homeward_password `echo "$HOMEWARD_DB_PASSWORD"`
CREATE ROLE homeward LOGIN PASSWORD :'homeward_password';
CREATE DATABASE homeward OWNER homeward;
\set keycloak_password `echo "$KEYCLOAK_DB_PASSWORD"`
CREATE ROLE keycloak LOGIN PASSWORD :'keycloak_password';
CREATE DATABASE keycloak OWNER keycloak;
