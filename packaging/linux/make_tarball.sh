#!/usr/bin/env bash
# dist/arapp-VERSION-linux-ARCH.tar.gz: the one-folder bundle dist/arapp with install.sh, the
# menu entry, the icons and the metainfo. Run by packaging/build.sh after PyInstaller.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$1
name=arapp-$version-linux-$(uname -m)
stage=build/tarball/$name
rm -rf build/tarball && mkdir -p "$stage/icons"
cp -a dist/arapp "$stage/arapp"
cp -r packaging/icons/hicolor "$stage/icons/"
cp packaging/linux/org.arapp.Arapp.desktop packaging/linux/install.sh "$stage/"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u +%F)/" \
  packaging/linux/org.arapp.Arapp.metainfo.xml > "$stage/org.arapp.Arapp.metainfo.xml"
echo "$version" > "$stage/VERSION"
chmod +x "$stage/install.sh"
tar -C build/tarball -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz: $(du -h "dist/$name.tar.gz" | cut -f1) (unpack, then ./install.sh)"
