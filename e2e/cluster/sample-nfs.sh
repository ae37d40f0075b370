#!/usr/bin/env bash
# Fills an empty simulated NFS export with the seed's layout and a few sample files so the
# hardlink audit has something to show: one imported movie (hardlink), one episode imported as a
# copy (wasted bytes) and one torrent never imported. Sizes are sparse files. Leaves a non-empty
# tree alone.
set -euo pipefail
root=${1:?usage: sample-nfs.sh DIR}
[ -z "$(ls -A "$root" 2>/dev/null)" ] || exit 0
mkdir -p "$root"/{torrents/{movies,tv,music},media/{movies,tv,music}}
mkdir -p "$root/torrents/movies/Big Buck Bunny (2008)" "$root/media/movies/Big Buck Bunny (2008)"
truncate -s 4G "$root/torrents/movies/Big Buck Bunny (2008)/Big Buck Bunny (2008).mkv"
ln "$root/torrents/movies/Big Buck Bunny (2008)/Big Buck Bunny (2008).mkv" "$root/media/movies/Big Buck Bunny (2008)/Big Buck Bunny (2008).mkv"
mkdir -p "$root/torrents/tv/Sintel.S01" "$root/media/tv/Sintel/Season 01"
truncate -s 700M "$root/torrents/tv/Sintel.S01/Sintel.S01E01.mkv"
truncate -s 700M "$root/media/tv/Sintel/Season 01/Sintel - S01E01.mkv"
mkdir -p "$root/torrents/movies/Tears of Steel (2012)"
truncate -s 2G "$root/torrents/movies/Tears of Steel (2012)/Tears of Steel (2012).mkv"
chown -R 1000:1000 "$root" 2>/dev/null || true
echo "sample NFS tree created in $root" >&2
