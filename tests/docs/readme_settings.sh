#!/bin/sh
# A plugin README's settings table must be what `ferry plugins --describe NAME --markdown` prints
# from the plugin's settings binding: the lines between the two settings markers.
# usage: readme_settings.sh FERRY PLUGIN_FOLDER NAME README
set -eu
ferry=$1 folder=$2 name=$3 readme=$4
generated=$(mktemp)
committed=$(mktemp)
trap 'rm -f "$generated" "$committed"' EXIT
env -u FERRY_PLUGIN_PATH "$ferry" --plugin-path "$folder" plugins --describe "$name" --markdown \
    > "$generated"
sed -n '/^<!-- settings: generated/,/^<!-- end of settings -->/p' "$readme" | sed '1d;$d' \
    > "$committed"
if ! diff -u "$committed" "$generated"; then
    echo "$readme: its settings table is not the one the plugin declares; put the output of"
    echo "  ferry plugins --describe $name --markdown"
    echo "between '<!-- settings: generated ... -->' and '<!-- end of settings -->'"
    exit 1
fi
