#!/usr/bin/env bash
# dist/arapp-VERSION-ARCH.AppImage from dist/arapp, when appimagetool is on PATH (it is in no
# Debian release and is not on PyPI, so packaging/build.sh skips this step without it; the CI
# workflow fetches it on its Linux runner).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$1
appdir=build/arapp.AppDir
rm -rf "$appdir" && mkdir -p "$appdir/usr/bin" "$appdir/usr/share/applications" \
  "$appdir/usr/share/metainfo" "$appdir/usr/share/icons"
cp -a dist/arapp "$appdir/usr/bin/arapp-bundle"
cp -r packaging/icons/hicolor "$appdir/usr/share/icons/"
cp packaging/linux/org.arapp.Arapp.desktop "$appdir/usr/share/applications/"
cp packaging/linux/org.arapp.Arapp.desktop "$appdir/"
cp packaging/icons/hicolor/256x256/apps/arapp.png "$appdir/arapp.png"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u +%F)/" \
  packaging/linux/org.arapp.Arapp.metainfo.xml > "$appdir/usr/share/metainfo/org.arapp.Arapp.appdata.xml"
cat > "$appdir/AppRun" <<'RUN'
#!/bin/sh
here=$(dirname "$(readlink -f "$0")")
exec "$here/usr/bin/arapp-bundle/arapp" "$@"
RUN
chmod +x "$appdir/AppRun"
ARCH=$(uname -m) appimagetool --no-appstream "$appdir" "dist/arapp-$version-$(uname -m).AppImage"
