#!/usr/bin/env bash
# Install arapp from this unpacked tarball: the program folder to ~/.local/opt/arapp (or, run
# as root or with --system, to /opt/arapp), a command `arapp` on PATH, the menu entry, the icons
# and the AppStream metainfo. Running it again replaces the program; your books and settings
# (in ~/.local/share/arapp and ~/.config/arapp) are never touched.
#
#   ./install.sh              # for you: ~/.local/opt/arapp, ~/.local/bin/arapp
#   sudo ./install.sh         # for everyone: /opt/arapp, /usr/local/bin/arapp
#   ./install.sh --user       # for you even when run as root
#   ./install.sh --uninstall  # removes the program, the entry and the icons (never your books)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
uninstall=0 system=0
[ "$(id -u)" = 0 ] && system=1
for arg in "$@"; do
  case "$arg" in
    --uninstall) uninstall=1 ;;
    --system) system=1 ;;
    --user) system=0 ;;
    *) echo "install.sh: unknown option $arg (--user, --system, --uninstall)" >&2; exit 2 ;;
  esac
done
if [ "$system" = 1 ]; then
  prefix=/opt/arapp bin=/usr/local/bin share=/usr/local/share
else
  prefix=$HOME/.local/opt/arapp bin=$HOME/.local/bin share=${XDG_DATA_HOME:-$HOME/.local/share}
fi
desktop=$share/applications/org.arapp.Arapp.desktop
metainfo=$share/metainfo/org.arapp.Arapp.metainfo.xml

if [ "$uninstall" = 1 ]; then
  rm -rf "$prefix" "$desktop" "$metainfo"
  [ -L "$bin/arapp" ] && rm -f "$bin/arapp"
  find "$share/icons/hicolor" -name arapp.png -o -name arapp.svg 2>/dev/null | xargs -r rm -f
  echo "arapp removed from $prefix (your books and settings stay where they were)."
  exit 0
fi

[ -x "$here/arapp/arapp" ] || { echo "install.sh: $here/arapp/arapp is missing" >&2; exit 1; }
mkdir -p "$(dirname "$prefix")" "$bin" "$share/applications" "$share/metainfo"
rm -rf "$prefix.new"
cp -a "$here/arapp" "$prefix.new"
rm -rf "$prefix"
mv "$prefix.new" "$prefix"
ln -sfn "$prefix/arapp" "$bin/arapp"
mkdir -p "$share/icons"
cp -r "$here/icons/hicolor" "$share/icons/"
sed "s|^Exec=arapp|Exec=$prefix/arapp|" "$here/org.arapp.Arapp.desktop" > "$desktop"
cp "$here/org.arapp.Arapp.metainfo.xml" "$metainfo"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
echo "arapp $(cat "$here/VERSION") installed in $prefix; start it from the menu or with: $bin/arapp"
case ":$PATH:" in *":$bin:"*) ;; *) echo "($bin is not on your PATH: add it to run plain \`arapp\`.)" ;; esac
