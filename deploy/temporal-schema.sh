#!/bin/sh
# Creates Temporal's two databases if missing and brings their schemas to the version of the pinned server image.
# Safe to run on every start: update-schema applies only what is missing.
set -eu
sql() { temporal-sql-tool --plugin postgres12 --ep postgres -p 5432 -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" "$@"; }
for db in temporal temporal_visibility; do
  sql --db "$db" create 2>/dev/null || echo "database $db already exists"
done
sql --db temporal setup-schema -v 0.0 2>/dev/null || echo "temporal schema already initialised"
sql --db temporal update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned
sql --db temporal_visibility setup-schema -v 0.0 2>/dev/null || echo "visibility schema already initialised"
sql --db temporal_visibility update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned
echo "Temporal schemas are up to date"
