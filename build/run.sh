#!/usr/bin/env bash
# Runs the platform on SQLite at http://127.0.0.1:5000: bash build/run.sh [extra application arguments]
# Configuration comes from appsettings and environment variables (see README.md), e.g.
#   Setup__AdminPassword=... bash build/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/Grassroots.Web -c Release -- --urls http://127.0.0.1:5000 "$@"
