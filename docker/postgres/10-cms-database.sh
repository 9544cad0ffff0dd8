#!/bin/sh
# First start of the PostgreSQL container only (docker-entrypoint-initdb.d): the CMS's own
# role and database, so that Strapi never shares tables or rights with the help desk.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v cms_user="$CMS_DB_USER" -v cms_password="$CMS_DB_PASSWORD" -v cms_db="$CMS_DB_NAME" <<'SQL'
CREATE ROLE :"cms_user" LOGIN PASSWORD :'cms_password';
CREATE DATABASE :"cms_db" OWNER :"cms_user";
SQL
