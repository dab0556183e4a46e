#!/usr/bin/env bash
# Vendors the admin theme's browser packages: bash build/vendor-frontend.sh
#
# README: the versions live in themes/Grassroots.Themes.Admin/package.json (exact versions, from the npm
# registry). This script runs `npm install` in a temporary directory and copies only the files the theme
# serves into themes/Grassroots.Themes.Admin/wwwroot/lib/, which is committed, so a clean clone, a build
# and CI never need npm. To upgrade: change package.json, run this script, commit package.json and wwwroot/lib.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
theme="$root/themes/Grassroots.Themes.Admin"
lib="$theme/wwwroot/lib"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$theme/package.json" "$work/"
(cd "$work" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error </dev/null)
modules="$work/node_modules"

rm -rf "$lib/bootstrap" "$lib/bootstrap-icons" "$lib/echarts"
mkdir -p "$lib/bootstrap/css" "$lib/bootstrap/js" "$lib/bootstrap-icons/font" "$lib/echarts"

cp "$modules/bootstrap/dist/css/bootstrap.min.css" "$lib/bootstrap/css/"
cp "$modules/bootstrap/dist/js/bootstrap.bundle.min.js" "$lib/bootstrap/js/"
cp "$modules/bootstrap/LICENSE" "$lib/bootstrap/"

cp "$modules/bootstrap-icons/font/bootstrap-icons.min.css" "$lib/bootstrap-icons/font/"
cp -r "$modules/bootstrap-icons/font/fonts" "$lib/bootstrap-icons/font/"
cp "$modules/bootstrap-icons/LICENSE" "$lib/bootstrap-icons/"

cp "$modules/echarts/dist/echarts.min.js" "$modules/echarts/LICENSE" "$modules/echarts/NOTICE" "$lib/echarts/"

for pkg in bootstrap bootstrap-icons echarts; do
    echo "$pkg $(node -p "require('$modules/$pkg/package.json').version")"
done
find "$lib" -type f | sort | sed "s|^$root/||"
