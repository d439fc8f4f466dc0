#!/bin/sh
# One database and one role per service; each role owns only its own database.
# Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d).
set -eu
for service in membership events awards notifications; do
  password_var=$(echo "${service}_DB_PASSWORD" | tr a-z A-Z)
  password=$(eval "printf '%s' \"\${$password_var:-}\"")
  if [ -z "$password" ]; then
    echo "init-databases: $password_var is not set" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$service" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
