#!/usr/bin/env bash
# dist/arapp-VERSION-macos-ARCH.dmg from dist/arapp.app (built by packaging/build.sh on macOS):
# a compressed disk image with the app and a link to /Applications to drag it onto.
# With ARAPP_SIGN_IDENTITY set, the app is signed first and the image after it; with
# ARAPP_NOTARY_PROFILE set too, the image is notarised and stapled (see packaging/README.md,
# "Signing"). Without them the image is unsigned: macOS then asks to confirm the first start
# (right-click ▸ Open).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$1
app=dist/arapp.app
dmg=dist/arapp-$version-macos-$(uname -m).dmg
[ -d "$app" ] || { echo "make_dmg.sh: $app is missing" >&2; exit 1; }

if [ -n "${ARAPP_SIGN_IDENTITY:-}" ]; then
  # Hardened runtime (needed for notarisation); the entitlements let the frozen Python load its
  # own libraries.
  codesign --force --deep --timestamp --options runtime \
    --entitlements packaging/macos/entitlements.plist \
    --sign "$ARAPP_SIGN_IDENTITY" "$app"
  codesign --verify --deep --strict "$app"
fi

stage=build/dmg
rm -rf "$stage" "$dmg" && mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "arapp $version" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "${ARAPP_SIGN_IDENTITY:-}" ]; then
  codesign --timestamp --sign "$ARAPP_SIGN_IDENTITY" "$dmg"
  if [ -n "${ARAPP_NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$ARAPP_NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
  fi
fi
echo "$dmg: $(du -h "$dmg" | cut -f1)"
