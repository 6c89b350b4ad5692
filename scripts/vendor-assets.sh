#!/usr/bin/env bash
# Copy the front-end assets installed by npm into the static folder (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=src/woonmonitor/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor"/{utrecht,htmx,leaflet}
cp node_modules/@utrecht/component-library-css/dist/index.css "$vendor/utrecht/component-library.css"
cp node_modules/@utrecht/design-tokens/dist/theme.css "$vendor/utrecht/design-tokens.css"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx/"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$vendor/leaflet/"
cp -r node_modules/leaflet/dist/images "$vendor/leaflet/"
# The source maps are not vendored: drop the references, or collectstatic with the manifest
# storage (DJANGO_DEBUG=0) fails on the missing .map files.
sed -i '/^\/\/# sourceMappingURL=/d' "$vendor"/leaflet/leaflet.js
echo "front-end assets vendored into $vendor"
