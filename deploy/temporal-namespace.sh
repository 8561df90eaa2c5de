#!/bin/sh
# Registers Homeward's namespace and search attributes (idempotent). Homeward's processes also add any that are missing.
set -eu
ns="${TEMPORAL_NAMESPACE:-default}"
# The server's port opens before its services have joined the cluster.
tries=0
until temporal operator cluster health >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -ge 60 ] && { echo "the Temporal cluster did not report healthy within 120 s" >&2; exit 1; }
  sleep 2
done
temporal operator namespace describe -n "$ns" >/dev/null 2>&1 || temporal operator namespace create -n "$ns" --retention 30d
for attribute in CaseNumber=Keyword CaseStage=Keyword Escalated=Bool EscalationLevel=Int NextDeadline=Datetime \
                 OriginCountry=Keyword DestinationCountry=Keyword; do
  name="${attribute%%=*}"; type="${attribute#*=}"
  temporal operator search-attribute create -n "$ns" --name "$name" --type "$type" 2>/dev/null || echo "search attribute $name exists"
done
echo "namespace $ns ready"
